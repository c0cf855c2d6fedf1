// Record names: every kind formats as the vault has always named it, parses back to the same fields, and a
// name Format would never write is refused, one test per way of being wrong.
#include <gtest/gtest.h>

#include <string>

#include "records/record_name.hpp"

namespace zcrm::records {
namespace {

const std::string kCaller = "chromium:abcdefghijklmnopabcdefghijklmnop";

TEST(RecordName, EachKindFormatsAsTheVaultNamesIt) {
  EXPECT_EQ(RecordName::Token(kCaller, "1000.ABC", "eu").Format(), "token/" + kCaller + "/1000.ABC/eu");
  EXPECT_EQ(RecordName::Token(kCaller, "1000.ABC", "eu", "AAAAAAAAAAAAAAAA").Format(),
            "token/" + kCaller + "/1000.ABC/eu/AAAAAAAAAAAAAAAA");
  EXPECT_EQ(RecordName::Account("1000.ABC", "eu", std::nullopt).Format(), "account/1000.ABC/eu");
  EXPECT_EQ(RecordName::Account("1000.ABC", "eu", "20061234").Format(), "account/1000.ABC/eu/20061234");
  EXPECT_EQ(RecordName::Budget("1000.ABC").Format(), "budget/1000.ABC");
  EXPECT_EQ(RecordName::Handouts("1000.ABC", "eu").Format(), "handouts/1000.ABC/eu");
  EXPECT_EQ(RecordName::Requests(kCaller, "1000.ABC", "eu").Format(), "requests/" + kCaller + "/1000.ABC/eu");
}

TEST(RecordName, EveryKindRoundTripsThroughFormatAndParse) {
  for (const auto& name :
       {RecordName::Token("firefox:zcrm-bridge@example.com", "1000.A_b-9", "com.au"),
        RecordName::Token(kCaller, "1000.ABC", "eu", "bbbbbbbbbbbbbbbb-_0123"),
        RecordName::Account("1000.ABC", "in", std::nullopt), RecordName::Account("1000.ABC", "in", "7"),
        RecordName::Budget("1000.ABC"), RecordName::Handouts("1000.ABC", "jp"),
        RecordName::Requests(kCaller, "1000.ABC", "ca")}) {
    SCOPED_TRACE(name.Format());
    EXPECT_EQ(RecordName::Parse(name.Format()), name);
  }
}

TEST(RecordName, PrefixIsWhatEveryNameOfTheKindStartsWith) {
  EXPECT_EQ(RecordName::Prefix(RecordKind::kToken), "token/");
  EXPECT_TRUE(RecordName::Token(kCaller, "1000.ABC", "eu")
                  .Format()
                  .starts_with(RecordName::Prefix(RecordKind::kToken)));
  EXPECT_TRUE(RecordName::Requests(kCaller, "1000.ABC", "eu")
                  .Format()
                  .starts_with(RecordName::Prefix(RecordKind::kRequests)));
}

TEST(RecordName, ParseRefusesAnUnknownKind) {
  EXPECT_EQ(RecordName::Parse("tokens/" + kCaller + "/1000.ABC/eu"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("counter"), std::nullopt);
  EXPECT_EQ(RecordName::Parse(std::string("\0check", 6)), std::nullopt);  // the vault's own check record
}

TEST(RecordName, ParseRefusesTooFewParts) {
  EXPECT_EQ(RecordName::Parse("token/" + kCaller + "/1000.ABC"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("account/1000.ABC"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("handouts/1000.ABC"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("requests/" + kCaller + "/1000.ABC"), std::nullopt);
}

TEST(RecordName, ParseRefusesTooManyParts) {
  EXPECT_EQ(RecordName::Parse("token/" + kCaller + "/1000.ABC/eu/AAAAAAAAAAAAAAAA/more"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("account/1000.ABC/eu/20061234/more"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("budget/1000.ABC/eu"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("handouts/1000.ABC/eu/more"), std::nullopt);
}

TEST(RecordName, ParseRefusesAnEmptyPart) {
  EXPECT_EQ(RecordName::Parse("token//1000.ABC/eu"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("token/" + kCaller + "/1000.ABC/"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("budget/"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("account/1000.ABC/eu/"), std::nullopt);
}

TEST(RecordName, ParseRefusesAnOrgIdThatIsNotDigits) {
  EXPECT_EQ(RecordName::Parse("account/1000.ABC/eu/sandbox"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("account/1000.ABC/eu/12a"), std::nullopt);
}

TEST(RecordName, ParseRefusesAKindWithoutItsSlash) {
  EXPECT_EQ(RecordName::Parse("token"), std::nullopt);
  EXPECT_EQ(RecordName::Parse("budget1000.ABC"), std::nullopt);
}

}  // namespace
}  // namespace zcrm::records
