// The Responder is the one boundary where a frame body becomes exactly one answer: callers are checked
// against the config, a broken config is reported, and any exception inside becomes one error answer carrying
// the request's id.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>

#include "app/answer.hpp"
#include "app/caller.hpp"
#include "records/record_name.hpp"
#include "store/vault.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kChromiumId = "abcdefghijklmnopabcdefghijklmnop";
constexpr const char* kOtherChromiumId = "ponmlkjihgfedcbaponmlkjihgfedcba";
constexpr const char* kGeckoId = "zcrm@example.com";

// A fresh mkdtemp state folder (mode 0700, as the vault wants), never $HOME; its mode is restored before the
// base class removes it.
class TempState : public test_support::TempDir {
 public:
  TempState() : TempDir(test_support::UnderTempDir("zcrm-responder-test")) {}
  ~TempState() { ::chmod(path().c_str(), 0700); }

  void AllowChromiumAndGecko() const {
    WriteConfig(json{{"allowed_extensions", {kChromiumId, kGeckoId}}}.dump());
  }
};

Caller Chromium(const std::string& id = kChromiumId) {
  return Caller{"chromium", id};
}

// One answer must be exactly one JSON object.
json AnswerOf(Responder& responder, const std::string& frame) {
  return json::parse(responder.Answer(frame));
}

TEST(AppResponder, AllowedCallerHelloIsOkWithProtocol1) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(), state.path());
  EXPECT_EQ(AnswerOf(responder, R"({"id": 1, "type": "hello"})"),
            json({{"id", 1},
                  {"ok", true},
                  {"protocol", 1},
                  {"host_version", ZCRM_VERSION},
                  {"caller", std::string("chromium:") + kChromiumId}}));
}

TEST(AppResponder, AllowedFirefoxCallerHelloNamesTheFirefoxCaller) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Caller{"firefox", kGeckoId}, state.path());
  const auto answer = AnswerOf(responder, R"({"id": "h", "type": "hello"})");
  EXPECT_EQ(answer["id"], "h");
  EXPECT_EQ(answer["ok"], true);
  EXPECT_EQ(answer["caller"], "firefox:zcrm@example.com");
}

TEST(AppResponder, HelloNeedsNoVault) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(), state.path());
  EXPECT_EQ(AnswerOf(responder, R"({"id": 1, "type": "hello"})")["ok"], true);
  EXPECT_FALSE(fs::exists(state.path() / "key"));
  EXPECT_FALSE(fs::exists(state.path() / "vault"));
}

TEST(AppResponder, ForbiddenCallerGetsForbiddenForHello) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(kOtherChromiumId), state.path());
  const auto answer = AnswerOf(responder, R"({"id": 2, "type": "hello"})");
  EXPECT_EQ(answer["id"], 2);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "FORBIDDEN");
  EXPECT_FALSE(answer.contains("protocol"));
}

TEST(AppResponder, ForbiddenCallerGetsForbiddenForEveryRequest) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(kOtherChromiumId), state.path());
  for (const char* frame : {R"({"id": 3, "type": "token.get", "client_id": "1000.ABC", "dc": "us"})",
                            R"({"id": 3, "type": "no.such.type"})"}) {
    SCOPED_TRACE(frame);
    EXPECT_EQ(AnswerOf(responder, frame)["error"]["code"], "FORBIDDEN");
  }
  EXPECT_FALSE(fs::exists(state.path() / "vault"));
}

TEST(AppResponder, UnidentifiedCallerGetsForbidden) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(std::nullopt, state.path());
  const auto answer = AnswerOf(responder, R"({"id": 4, "type": "hello"})");
  EXPECT_EQ(answer["id"], 4);
  EXPECT_EQ(answer["error"]["code"], "FORBIDDEN");
}

TEST(AppResponder, MissingConfigForbidsEveryCaller) {
  TempState state;
  Responder responder(Chromium(), state.path());
  EXPECT_EQ(AnswerOf(responder, R"({"id": 5, "type": "hello"})")["error"]["code"], "FORBIDDEN");
}

TEST(AppResponder, InvalidConfigIsConfigInvalidWithTheRequestsId) {
  TempState state;
  state.WriteConfig(
      R"({"allowed_extensions": ["abcdefghijklmnopabcdefghijklmnop"], "refresh_margin_s": "soon"})");
  Responder responder(Chromium(), state.path());
  const auto answer = AnswerOf(responder, R"({"id": 6, "type": "hello"})");
  EXPECT_EQ(answer["id"], 6);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "CONFIG_INVALID");
  EXPECT_NE(answer["error"]["message"].get<std::string>().find("refresh_margin_s"), std::string::npos);
}

TEST(AppResponder, EnvelopeErrorsAreAnsweredWithNullId) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(), state.path());
  const auto invalid = AnswerOf(responder, "{\"id\": 1,");
  EXPECT_TRUE(invalid["id"].is_null());
  EXPECT_EQ(invalid["error"]["code"], "INVALID_JSON");
  const auto no_id = AnswerOf(responder, R"({"type": "hello"})");
  EXPECT_TRUE(no_id["id"].is_null());
  EXPECT_EQ(no_id["error"]["code"], "BAD_REQUEST");
}

TEST(AppResponder, RequestErrorsCarryTheRequestsId) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(), state.path());
  EXPECT_EQ(AnswerOf(responder, R"({"id": "u", "type": "no.such.type"})"),
            json::parse(R"({"id": "u", "ok": false, "error": {"code": "UNKNOWN_TYPE",
                "message": "Field 'type' names no message of protocol v1."}})"));
  const auto bad = AnswerOf(responder, R"({"id": 8, "type": "token.get", "client_id": "1000.ABC"})");
  EXPECT_EQ(bad["id"], 8);
  EXPECT_EQ(bad["error"]["code"], "BAD_REQUEST");
}

TEST(AppResponder, TokenStoreThenGetThroughTheResponder) {
  TempState state;
  state.AllowChromiumAndGecko();
  Responder responder(Chromium(), state.path());
  const auto stored =
      AnswerOf(responder, R"({"id": 1, "type": "token.store", "client_id": "1000.ABC", "dc": "us",
      "source": "login", "token": {"access_token": "1000.xyz", "expires_in": "3600"}})");
  ASSERT_EQ(stored["ok"], true) << stored.dump();
  const auto got =
      AnswerOf(responder, R"({"id": 2, "type": "token.get", "client_id": "1000.ABC", "dc": "us"})");
  EXPECT_EQ(got["id"], 2);
  EXPECT_EQ(got["access_token"], "1000.xyz");
}

TEST(AppResponder, HostErrorInsideBecomesOneErrorAnswerWithTheRequestsId) {
  TempState state;
  state.AllowChromiumAndGecko();
  ASSERT_EQ(::chmod(state.path().c_str(), 0755), 0);  // the vault refuses a state folder others can enter
  Responder responder(Chromium(), state.path());
  const auto answer =
      AnswerOf(responder, R"({"id": "t-1", "type": "token.get", "client_id": "1000.ABC", "dc": "us"})");
  EXPECT_EQ(answer["id"], "t-1");
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "KEY_UNSAFE");
}

TEST(AppResponder, UnexpectedExceptionInsideBecomesInternalWithTheRequestsIdAndTheHostGoesOn) {
  TempState state;
  state.AllowChromiumAndGecko();
  {
    // A record the handler cannot read as a token: expires_at is not a number, so its mapping throws.
    auto vault = store::Vault::Open(state.path());
    const auto lock = vault.Lock();
    vault.Write(lock,
                records::RecordName::Token(std::string("chromium:") + kChromiumId, "1000.ABC", "us").Format(),
                json{{"access_token", "1000.xyz"}, {"expires_at", "soon"}});
  }
  Responder responder(Chromium(), state.path());
  const std::string body =
      responder.Answer(R"({"id": 77, "type": "token.get", "client_id": "1000.ABC", "dc": "us"})");
  const auto answer = json::parse(body);  // exactly one JSON value, or this throws
  EXPECT_EQ(answer["id"], 77);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_EQ(answer["error"]["code"], "INTERNAL");
  EXPECT_EQ(AnswerOf(responder, R"({"id": 78, "type": "hello"})")["ok"], true);
}

}  // namespace
}  // namespace zcrm::app
