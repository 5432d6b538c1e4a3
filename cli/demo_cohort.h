// `cartwatch serve --demo`: a synthetic ward (docs/synthetic-cohort.md) in an empty store, and
// demo users whose passwords are printed once. Synthetic, not clinical data.
#ifndef CARTWATCH_CLI_DEMO_COHORT_H_
#define CARTWATCH_CLI_DEMO_COHORT_H_

#include <ostream>

#include "cartwatch/core/time.h"
#include "cartwatch/store/store.h"

namespace cartwatch::cli {

inline constexpr int kDemoPatients = 24;

// Loads kDemoPatients synthetic courses, infused over the 26 days before `now` and cut at `now`,
// and creates the users demo-nurse, demo-physician and demo-admin with fresh random passwords,
// printed to `out` as "demo login: user NAME password PASSWORD". Does nothing to a store that
// already holds patients or users (returns false; the message says so). Throws on a store
// failure.
bool LoadDemo(store::Store& store, core::UnixSeconds now, std::ostream& out);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_DEMO_COHORT_H_
