// A token as token.list and `zcrm-bridge status` list it: the public view, the caller and the browser profile
// its record name says hold it, and never the secret.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/malformed_record.hpp"
#include "records/token_listing.hpp"
#include "records/token_record.hpp"

namespace zcrm::records {
namespace {

using nlohmann::json;

constexpr std::int64_t kT0 = 1764340000000;

// Built in one initializer: field by field assignment gave GCC 12 at -O3 a false -Wmaybe-uninitialized.
json StoredToken() {
  return ToJson(TokenRecord{.access_token = "1000.secret",
                            .dc = "us",
                            .source = "login",
                            .stored_at = kT0,
                            .expires_at = kT0 + 3600000,
                            .refresh_at = kT0 + 3300000,
                            .api_domain = std::nullopt,
                            .scope = std::nullopt,
                            .granted_for_session = std::nullopt,
                            .token_type = std::nullopt,
                            .org = std::nullopt,
                            .user = UserRecord{"Ann Example", "ann@example.com"}});
}

TEST(RecordsTokenListing, NamesTheCallerAndInstallationBesideThePublicView) {
  const auto name = RecordName::Token("chromium:abc", "1000.CLIENT", "us", "profileAAAAAAAAAAAA");
  const auto entry = TokenListEntry(name, StoredToken(), kT0 + 3600000);
  auto expected = PublicJson(TokenFromJson(StoredToken()), kT0 + 3600000);
  expected["caller"] = "chromium:abc";
  expected["installation"] = "profileAAAAAAAAAAAA";
  EXPECT_EQ(entry, expected);
  EXPECT_TRUE(entry["expired"].get<bool>());
  EXPECT_EQ(entry.dump().find("1000.secret"), std::string::npos);
}

TEST(RecordsTokenListing, TheBrowsersSharedTokenHasNoInstallation) {
  const auto entry = TokenListEntry(RecordName::Token("firefox:x", "1000.CLIENT", "us"), StoredToken(), kT0);
  EXPECT_EQ(entry["caller"], "firefox:x");
  EXPECT_FALSE(entry.contains("installation"));
}

TEST(RecordsTokenListing, AStoredValueThatIsNotATokenIsMalformed) {
  EXPECT_THROW(TokenListEntry(RecordName::Token("c", "1000.CLIENT", "us"), json{{"dc", "us"}}, kT0),
               MalformedRecord);
}

}  // namespace
}  // namespace zcrm::records
