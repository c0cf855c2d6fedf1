// Who started the host: Chromium passes its origin, Firefox the manifest path and add-on ID; anything that
// does not look exactly like one of them is no caller, and only listed IDs are allowed.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "app/caller.hpp"
#include "text.hpp"

namespace zcrm::app {
namespace {

using Args = std::vector<std::string>;
using test_support::Cat;

constexpr const char* kHost = "/usr/lib/zcrm-bridge/zcrm-bridge";
constexpr const char* kChromiumId = "abcdefghijklmnopabcdefghijklmnop";
constexpr const char* kManifest = "/usr/lib/mozilla/native-messaging-hosts/zcrm_bridge.json";

std::string Origin(const std::string& id) {
  return Cat("chrome-extension://", id, "/");
}

TEST(AppCaller, ChromiumOriginWithTrailingSlash) {
  const auto caller = CallerFromArgs({kHost, Origin(kChromiumId)});
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->browser, "chromium");
  EXPECT_EQ(caller->id, kChromiumId);
  EXPECT_EQ(caller->Key(), Cat("chromium:", kChromiumId));
}

TEST(AppCaller, ChromiumOriginWithoutTrailingSlash) {
  const auto caller = CallerFromArgs({kHost, Cat("chrome-extension://", kChromiumId)});
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->browser, "chromium");
  EXPECT_EQ(caller->id, kChromiumId);
}

TEST(AppCaller, ChromiumOnWindowsWithParentWindowArgument) {
  const auto caller = CallerFromArgs({kHost, Origin(kChromiumId), "--parent-window=0"});
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->Key(), Cat("chromium:", kChromiumId));
}

TEST(AppCaller, ChromiumIdOfWrongLengthIsRefused) {
  EXPECT_EQ(CallerFromArgs({kHost, Origin(std::string(31, 'a'))}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, Origin(std::string(33, 'a'))}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, "chrome-extension://"}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, "chrome-extension:///"}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, Cat(Origin(kChromiumId), "/")}), std::nullopt);
}

TEST(AppCaller, ChromiumIdWithLettersOutsideAToPIsRefused) {
  for (const std::string& id :
       {Cat(std::string(31, 'a'), "q"), Cat(std::string(31, 'a'), "A"), Cat(std::string(31, 'a'), "0"),
        Cat(std::string(31, 'a'), "."), Cat(std::string(31, 'a'), " ")}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(CallerFromArgs({kHost, Origin(id)}), std::nullopt);
  }
}

TEST(AppCaller, ChromiumOriginWithAPathIsRefused) {
  EXPECT_EQ(CallerFromArgs({kHost, Cat(Origin(kChromiumId), "background.html")}), std::nullopt);
}

TEST(AppCaller, FirefoxManifestAndAddonId) {
  const auto caller = CallerFromArgs({kHost, kManifest, "zcrm@example.com"});
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->browser, "firefox");
  EXPECT_EQ(caller->id, "zcrm@example.com");
  EXPECT_EQ(caller->Key(), "firefox:zcrm@example.com");
}

TEST(AppCaller, FirefoxUuidAddonId) {
  const auto caller = CallerFromArgs({kHost, kManifest, "{8a6e9b2c-1d3f-4e5a-9b7c-0d1e2f3a4b5c}"});
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->id, "{8a6e9b2c-1d3f-4e5a-9b7c-0d1e2f3a4b5c}");
}

TEST(AppCaller, GeckoIdWithSlashOrSpaceIsRefused) {
  for (const char* id :
       {"zcrm@example.com/../x", "../../etc/passwd", "zcrm @example.com", "zcrm:x@example.com", ""}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(CallerFromArgs({kHost, kManifest, id}), std::nullopt);
  }
}

TEST(AppCaller, GeckoIdOver256CharactersIsRefused) {
  const std::string at_limit = Cat(std::string(244, 'a'), "@example.com");  // 256
  ASSERT_EQ(at_limit.size(), 256u);
  EXPECT_TRUE(CallerFromArgs({kHost, kManifest, at_limit}).has_value());
  EXPECT_EQ(CallerFromArgs({kHost, kManifest, Cat("a", at_limit)}), std::nullopt);
}

TEST(AppCaller, FirefoxWithoutAJsonManifestIsNoCaller) {
  EXPECT_EQ(CallerFromArgs({kHost, "/tmp/manifest.txt", "zcrm@example.com"}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, kManifest}), std::nullopt);
}

TEST(AppCaller, CommandLineIsNoCaller) {
  EXPECT_EQ(CallerFromArgs({}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, "status"}), std::nullopt);
  EXPECT_EQ(CallerFromArgs({kHost, "doctor", "--json"}), std::nullopt);
}

TEST(AppCaller, IsBrowserLaunchForChromiumEvenWithABadId) {
  EXPECT_TRUE(IsBrowserLaunch({kHost, Origin(kChromiumId)}));
  EXPECT_TRUE(IsBrowserLaunch({kHost, "chrome-extension://not-an-id/"}));
}

TEST(AppCaller, IsBrowserLaunchForFirefoxEvenWithABadId) {
  EXPECT_TRUE(IsBrowserLaunch({kHost, kManifest, "zcrm@example.com"}));
  EXPECT_TRUE(IsBrowserLaunch({kHost, kManifest, "bad/id"}));
}

TEST(AppCaller, IsBrowserLaunchIsFalseForTheCommandLine) {
  EXPECT_FALSE(IsBrowserLaunch({}));
  EXPECT_FALSE(IsBrowserLaunch({kHost}));
  EXPECT_FALSE(IsBrowserLaunch({kHost, "status"}));
  EXPECT_FALSE(IsBrowserLaunch({kHost, "doctor", "--json"}));
  EXPECT_FALSE(IsBrowserLaunch({kHost, kManifest}));  // a manifest alone is not how Firefox starts a host
}

TEST(AppCaller, IsAllowedOnlyForAListedId) {
  const Caller chromium{"chromium", kChromiumId};
  const Caller firefox{"firefox", "zcrm@example.com"};
  const std::vector<std::string> allowed = {kChromiumId, "zcrm@example.com"};
  EXPECT_TRUE(IsAllowed(chromium, allowed));
  EXPECT_TRUE(IsAllowed(firefox, allowed));
  EXPECT_FALSE(IsAllowed(chromium, {}));
  EXPECT_FALSE(IsAllowed(Caller{"chromium", "ponmlkjihgfedcbaponmlkjihgfedcba"}, allowed));
  EXPECT_FALSE(IsAllowed(Caller{"firefox", "zcrm@example"}, allowed));      // a prefix is not a match
  EXPECT_FALSE(IsAllowed(Caller{"firefox", "ZCRM@example.com"}, allowed));  // IDs are compared exactly
}

}  // namespace
}  // namespace zcrm::app
