// Checks an Assessment for implausible values, out-of-range scores and contradictions before it
// is graded. Syntax (types, units, unknown fields) is the adapters' job; this is the clinical
// sense of the values, shared by every adapter.
#ifndef CARTWATCH_CORE_VALIDATE_H_
#define CARTWATCH_CORE_VALIDATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/limits.h"

namespace cartwatch::core {

// Every problem found, in field order; empty when the assessment can be graded.
std::vector<Error> Validate(const Assessment& assessment);

// The refusal of a value outside its plausible range, worded the same by Validate and by every
// adapter, so that the same refusal reads the same in every format. Returns nullopt when `value`
// is finite and inside `range`. Otherwise an implausible_value error on `field`, whose value is
// `received` (the value as the record gave it, already cut for echoing) and whose rule is the key
// of the source of the limit crossed (range.min_source below, range.max_source above), with the
// message
//   "<field> <shown> is implausible: <range.why>; accepted <PlausibleRangeText> (check the unit)"
// `shown` is the value as the message states it, with its unit and any conversion, e.g.
// "104 [degF] (40 degC)"; empty means `received` followed by range.unit. Never clamps.
std::optional<Error> CheckPlausible(std::string_view field, double value,
                                    const PlausibleRange& range, std::string_view received,
                                    std::string_view shown = {});

// The accepted span of `range` in words: "from 13.7 to 46.5 degC", or "above 0 and at most
// 80 L/min" when the lower limit is excluded.
std::string PlausibleRangeText(const PlausibleRange& range);

// True for an RFC 3339 date-time with seconds and an explicit offset ("Z" or "+hh:mm").
bool IsRfc3339DateTime(std::string_view text) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_VALIDATE_H_
