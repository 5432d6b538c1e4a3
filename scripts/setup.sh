#!/usr/bin/env bash
# Installs what cartwatch needs from Debian 12 (only what is missing), then configures and builds.
# Usage: scripts/setup.sh [release|debug-asan]   (a CMake preset; default release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"

packages=(g++ cmake ninja-build pkg-config googletest libgtest-dev libgmock-dev libbenchmark-dev
          librapidcheck-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
          libsqlite3-dev libsodium-dev libpqxx-dev  # the store (store/)
          postgresql             # the PostgreSQL store tests (scripts/postgres-test-server.sh)
          libboost-dev           # the HTTP listener, Boost.Beast (server/)
          libspdlog-dev          # the server's structured logs
          libcpp-httplib-dev     # the HTTP load comparison with cpp-httplib (bench/http_compare)
          chromium               # the browser tests (tests/integration, tests/browser)
          wrk                    # the server's load figures (bench/load, bench/http_compare)
          python3 python3-jsonschema  # the repository checks and output schemas (tests/repo)
          clang-format clang-tidy)    # scripts/check-format.sh, scripts/check-tidy.sh
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# Node and npm drive Chromium in the dashboard test (tests/browser); a Node installed another
# way (e.g. with its own npm) is used as it is.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "cartwatch: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The dashboard test's driver, pinned by tests/browser/package-lock.json (npm registry).
if [[ ! -d tests/browser/node_modules/puppeteer-core ]]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >&2
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
