// Both ASTCT 2019 gradings of one assessment; the tables are in crs_astct2019.cc and
// icans_astct2019.cc.
#include "cartwatch/core/grading.h"

namespace cartwatch::core {

Grading GradeAstct2019(const Assessment& assessment) noexcept {
  return {GradeCrsAstct2019(assessment), GradeIcansAstct2019(assessment)};
}

}  // namespace cartwatch::core
