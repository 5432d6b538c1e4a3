#include "protocol_shelf.h"

#include <stdexcept>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/core/course_options.h"

namespace cartwatch::server {

ProtocolShelf::ProtocolShelf() {
  for (const adapters::BundledProtocol& bundled : adapters::BundledProtocols()) {
    adapters::ProtocolParse parsed = adapters::ParseProtocolToml(bundled.toml_text, bundled.name);
    if (!parsed.protocol) {
      throw std::runtime_error("bundled protocol " + std::string(bundled.name) +
                               " does not load: " + parsed.errors.front().message);
    }
    core::TimelineOptions timeline = core::TimelineOptionsFor(
        *parsed.protocol, core::GradingSystemSet{core::GradingSystem::kAstct2019});
    entries_.push_back({std::string(bundled.name), std::move(*parsed.protocol), timeline});
  }
}

const ProtocolShelf::Entry* ProtocolShelf::Find(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (entry.name == name || entry.protocol.id == name) return &entry;
  }
  return nullptr;
}

}  // namespace cartwatch::server
