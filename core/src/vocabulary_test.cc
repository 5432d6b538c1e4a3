#include "cartwatch/core/vocabulary.h"

#include <gtest/gtest.h>

#include <set>

namespace cartwatch::core {
namespace {

template <typename E>
void ExpectCompleteVocabulary(int enumerator_count) {
  auto terms = Terms(E{});
  ASSERT_EQ(terms.size(), static_cast<std::size_t>(enumerator_count));
  std::set<std::string_view> codes;
  for (int i = 0; i < enumerator_count; ++i) {
    const E value = static_cast<E>(i);
    const Term<E>& term = TermOf(value);
    EXPECT_EQ(term.value, value);
    EXPECT_TRUE(codes.insert(term.code).second) << term.code;
    EXPECT_EQ(FindTerm<E>(term.code), value) << term.code;
    EXPECT_FALSE(term.display.empty());
  }
}

TEST(Vocabulary, EveryEnumeratorHasOneTermAndRoundTrips) {
  ExpectCompleteVocabulary<Vasopressor>(5);
  ExpectCompleteVocabulary<OxygenDevice>(10);
  ExpectCompleteVocabulary<OxygenReason>(3);
  ExpectCompleteVocabulary<Consciousness>(5);
  ExpectCompleteVocabulary<Seizure>(5);
  ExpectCompleteVocabulary<MotorFinding>(2);
  ExpectCompleteVocabulary<IcpFinding>(6);
  ExpectCompleteVocabulary<EncephalopathyTool>(3);
  ExpectCompleteVocabulary<TocilizumabResponse>(3);
  ExpectCompleteVocabulary<Syndrome>(2);
  ExpectCompleteVocabulary<OtherSyndrome>(3);
  ExpectCompleteVocabulary<ActionKind>(5);
  ExpectCompleteVocabulary<CohortGroupKind>(3);
}

// The codes output consumers key on, spelled out: a changed code is a format change.
TEST(Vocabulary, ResultCodesAreThoseOfTheDocumentedFormats) {
  EXPECT_EQ(TermOf(EncephalopathyTool::kIce).code, "ice");
  EXPECT_EQ(TermOf(EncephalopathyTool::kCapd).code, "capd");
  EXPECT_EQ(TermOf(TocilizumabResponse::kResponded).code, "responded");
  EXPECT_EQ(TermOf(TocilizumabResponse::kNoResponse).code, "no_response");
  EXPECT_EQ(TermOf(TocilizumabResponse::kUnknown).code, "unknown");
  EXPECT_EQ(TermOf(Syndrome::kIcans).code, "icans");
  EXPECT_EQ(TermOf(OtherSyndrome::kAbsent).code, "absent");
  EXPECT_EQ(TermOf(ActionKind::kEscalate).code, "escalate");
  EXPECT_EQ(TermOf(CohortGroupKind::kUnknownProduct).code, "unknown_product");
}

TEST(Vocabulary, UnknownAndWronglyCasedCodesAreNotFound) {
  EXPECT_FALSE(FindTerm<OxygenDevice>("hfnc"));
  EXPECT_FALSE(FindTerm<OxygenDevice>("Nasal_Cannula"));
  EXPECT_FALSE(FindTerm<Vasopressor>("noradrenaline"));
  EXPECT_FALSE(FindTerm<Vasopressor>("dobutamine"));  // an inotrope, not a vasopressor
  EXPECT_FALSE(FindTerm<Seizure>(""));
}

}  // namespace
}  // namespace cartwatch::core
