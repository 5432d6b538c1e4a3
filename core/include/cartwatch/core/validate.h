// Checks an Assessment for implausible values, out-of-range scores and contradictions before it
// is graded. Syntax (types, units, unknown fields) is the adapters' job; this is the clinical
// sense of the values, shared by every adapter.
#ifndef CARTWATCH_CORE_VALIDATE_H_
#define CARTWATCH_CORE_VALIDATE_H_

#include <string_view>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"

namespace cartwatch::core {

// Every problem found, in field order; empty when the assessment can be graded.
std::vector<Error> Validate(const Assessment& assessment);

// True for an RFC 3339 date-time with seconds and an explicit offset ("Z" or "+hh:mm").
bool IsRfc3339DateTime(std::string_view text) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_VALIDATE_H_
