// docs/PROTOCOL.md index.key through the real binary over framing: the answer has exactly id, ok, index and a
// 32-byte base64 key; the key is the same in a later host process, differs between Chromium and Firefox,
// never reaches stderr or the state folder, and an extension not in allowed_extensions gets FORBIDDEN.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "host_process.hpp"
#include "requests.hpp"

namespace zcrm::integration {
namespace {

constexpr const char* kIndex = "3f8a9c0e5b7d1f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";

Json IndexKey(const Json& id, const std::string& index = kIndex) {
  return {{"id", id}, {"type", "index.key"}, {"index", index}};
}

class IntegrationIndexKey : public ::testing::Test {
 protected:
  StateDir state_;
};

TEST_F(IntegrationIndexKey, StableAcrossProcessesApartPerBrowserAndNeverWrittenOrLogged) {
  std::string key;
  std::string stderr_text;
  {
    HostProcess host(state_, ChromiumArgs());
    const Json answer = host.Ask(IndexKey(15));
    ASSERT_EQ(ErrorCode(answer), "") << "index.key failed";
    std::set<std::string> fields;
    for (const auto& [name, value] : answer.items()) fields.insert(name);
    EXPECT_EQ(fields, (std::set<std::string>{"id", "ok", "index", "key"}));
    EXPECT_EQ(answer.value("index", ""), kIndex);
    key = answer.value("key", "");
    EXPECT_EQ(key.size(), 44u);
    EXPECT_EQ(key.back(), '=');
    EXPECT_NE(host.Ask(IndexKey(16, "another")).value("key", ""), key);
    EXPECT_EQ(host.Finish(), 0);
    stderr_text = host.Stderr();
  }
  EXPECT_EQ(AskOnce(state_, IndexKey(17)).value("key", ""), key) << "same key in a later process";
  const Json firefox = AskOnce(state_, IndexKey(18), FirefoxArgs());
  ASSERT_EQ(ErrorCode(firefox), "");
  EXPECT_NE(firefox.value("key", ""), key);
  const std::string body = key.substr(0, 40);  // without the padding
  EXPECT_EQ(stderr_text.find(body), std::string::npos) << "the key reached stderr";
  for (const auto& file : state_.Files()) {
    std::ifstream in(file, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content.find(body), std::string::npos) << file;
  }
}

TEST_F(IntegrationIndexKey, AnExtensionNotAllowedIsForbidden) {
  const Json answer = AskOnce(state_, IndexKey(19), ChromiumArgs("ponmlkjihgfedcbaponmlkjihgfedcba"));
  EXPECT_EQ(ErrorCode(answer), "FORBIDDEN");
  EXPECT_FALSE(answer.contains("key"));
}

}  // namespace
}  // namespace zcrm::integration
