// The options of a patient's course under a treatment protocol: what the protocol decides about
// how a course is read, derived in one place so that every front end reads courses alike.
#ifndef CARTWATCH_CORE_COURSE_OPTIONS_H_
#define CARTWATCH_CORE_COURSE_OPTIONS_H_

#include <optional>

#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

// Hours after a tocilizumab dose within which the protocol expects a response: its minimum
// re-dose interval ("repeat in 8 h if no improvement"); nullopt when the protocol sets none.
std::optional<double> TocilizumabResponseWindowHours(const Protocol& protocol) noexcept;

// Default TimelineOptions with `systems` graded at each point and the tocilizumab response window
// of `protocol` (the default window is kept when the protocol sets no re-dose interval).
// Preconditions: `protocol` passed CheckProtocol.
TimelineOptions TimelineOptionsFor(const Protocol& protocol, GradingSystemSet systems);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_COURSE_OPTIONS_H_
