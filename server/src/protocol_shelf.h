// The protocols the service can advise under: those bundled in the binary, each parsed and
// checked once at start. Which one is active is a setting in the store, so that every server
// behind one database advises under the same protocol.
#ifndef CARTWATCH_SERVER_SRC_PROTOCOL_SHELF_H_
#define CARTWATCH_SERVER_SRC_PROTOCOL_SHELF_H_

#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/protocol.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::server {

inline constexpr std::string_view kDefaultProtocol = "seed-2026";
inline constexpr std::string_view kActiveProtocolSetting = "active_protocol";

class ProtocolShelf {
 public:
  struct Entry {
    std::string name;  // the bundled file name, e.g. "seed-2026"
    core::Protocol protocol;
    core::TimelineOptions timeline;  // ASTCT 2019 with the protocol's response window
  };

  // Throws std::runtime_error when a bundled protocol does not load (a build defect).
  ProtocolShelf();

  const std::vector<Entry>& entries() const { return entries_; }
  // By bundled name or protocol id; null when unknown.
  const Entry* Find(std::string_view name) const;

 private:
  std::vector<Entry> entries_;
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_PROTOCOL_SHELF_H_
