// Treatment protocols as TOML files (cartwatch.protocol/1; docs/protocol-format.md): strict
// reading into core::Protocol, the protocols shipped in protocols/ (embedded in the binary at
// build time), and a plain-text and a JSON view of a protocol for `cartwatch protocol show`.
//
// A protocol decides what cartwatch recommends, so it is read more strictly than any record:
// invalid TOML, unknown keys, wrong types, a float where a count is needed, a dose without its
// unit, an unknown drug, syndrome, kind or `other`, and missing required keys are each an error
// naming the key path and the line and column in the file. A protocol that parses is then checked
// for gaps and contradictions by core::CheckProtocol (uncovered grade, duplicate rule id, unknown
// source, unreachable rule, IL-6 blockade for isolated ICANS). toml++ stays a private dependency:
// this header speaks core types only.
#ifndef CARTWATCH_ADAPTERS_PROTOCOL_TOML_H_
#define CARTWATCH_ADAPTERS_PROTOCOL_TOML_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/protocol.h"

namespace cartwatch::adapters {

inline constexpr std::string_view kProtocolSchema = "cartwatch.protocol/1";

struct ProtocolParse {
  std::optional<core::Protocol> protocol;  // set only when `errors` is empty
  std::vector<core::Error> errors;
};

// Parses the text of one cartwatch.protocol/1 TOML file. Never throws. `source_name` (a path or
// a bundled name) is recorded by the TOML reader for its own messages; errors do not repeat it,
// the caller adds the file name when it prints them.
//
// Text that is not TOML gives exactly one malformed_protocol error (field "", the TOML reader's
// description and "(line L, column C)" in the message; a key defined twice is such an error).
// Otherwise every schema problem is reported as malformed_protocol, in file order, each with
// its key path in `field` ("actions[seed.crs.g2.tocilizumab].dose.route"; an entry whose rule
// id is missing or not a string is named by its 0-based index, "actions[3]"; limits by drug,
// "limits[tocilizumab]"; sources by index), the received value as text in `value` (cut after
// 80 bytes) and "(line L, column C)" of the key, or of the table that lacks it, at the end of
// `message`. Only when there is none are the errors of core::CheckProtocol appended
// (invalid_protocol), with the line and column of the rule they name where there is one.
ProtocolParse ParseProtocolToml(std::string_view toml_text, std::string_view source_name);

// A protocol shipped with cartwatch: protocols/<name>.toml, embedded at build time.
struct BundledProtocol {
  std::string_view name;       // the file name without .toml, e.g. "seed-2026"
  std::string_view toml_text;  // the whole file
};

// Every shipped protocol, sorted by name. The views point to static storage.
std::span<const BundledProtocol> BundledProtocols() noexcept;

// The protocol as one JSON document (no trailing newline), keys as in the TOML file and every
// default filled in: {"schema", "id", "version", "title", "weight_limits": {"min_kg", "max_kg"},
// "sources": [{"key", "citation"}], "limits": [{"drug", "rule", "source", "max_doses_per_24h",
// "max_doses_total", "min_interval_hours" (null when not set), "unconfirmed"}],
// "actions": [{"rule", "source", "syndrome", "min_grade", "max_grade", "other",
// "after" (null or {"drug", "doses", "hours"}), "kind", "drug" (null unless kind is drug),
// "dose" (null or {"fixed_mg", "mg_per_kg", "bands": [{"below_kg", "mg_per_kg"}], "max_mg",
// "round_to_mg", "route", "frequency"}), "text", "instead_when_limited" (null when not set),
// "unconfirmed"}]}.
std::string ProtocolToJson(const core::Protocol& protocol);

// The result of `cartwatch protocol check --format json` for a sound protocol, one line:
// {"file", "ok": true, "id", "version", "title", "actions": N, "limits": N,
//  "unconfirmed": N (actions and limits marked unconfirmed)}.
std::string ProtocolCheckToJson(std::string_view file, const core::Protocol& protocol);

// The protocol as a table a clinician can read (several lines, trailing newline): the protocol,
// its sources, weight limits and drug limits, then for CRS and for ICANS, grade by grade, every
// action that can apply at that grade in the order the engine considers them, with its dose,
// conditions (other syndrome, escalation after earlier doses, what replaces it when a limit is
// reached), [rule; source] and UNCONFIRMED marks.
std::string ProtocolToText(const core::Protocol& protocol);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_PROTOCOL_TOML_H_
