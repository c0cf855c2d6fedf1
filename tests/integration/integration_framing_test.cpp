// docs/PROTOCOL.md "Framing": what the host does with every kind of malformed input. After each case a fresh
// host must still find the token and account stored before it (SeededState::ExpectSeedIntact).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "seeded_state.hpp"
#include "wire/frame_reader.hpp"

namespace zcrm::integration {
namespace {

// The host's own inbound limit (docs/PROTOCOL.md "Framing": 1 MiB).
constexpr std::uint32_t kMaxFrame = wire::kMaxInboundFrame;
constexpr int kExitOutOfStep = 2;

using IntegrationFraming = SeededState;

// {"id":1,"type":"hello","x":[[...]]}: the object plus `arrays` nested arrays, i.e. arrays + 1 levels.
std::string NestedHello(int arrays) {
  return R"({"id":1,"type":"hello","x":)" + std::string(static_cast<std::size_t>(arrays), '[') +
         std::string(static_cast<std::size_t>(arrays), ']') + "}";
}

// Sends each body as its own frame, each followed by a hello, and checks the error and that the hello is
// answered.
void ExpectErrorThenStillServing(HostProcess& host, const std::vector<std::string>& bodies,
                                 const std::string& code) {
  int n = 0;
  for (const auto& body : bodies) {
    ++n;
    ASSERT_TRUE(host.WriteRaw(RawFrame(body)));
    const Json answer = host.ReadAnswer();
    EXPECT_EQ(ErrorCode(answer), code)
        << "body #" << n << ": " << body.substr(0, 80) << "\nanswer: " << answer;
    EXPECT_TRUE(answer.contains("id") && answer["id"].is_null()) << answer;
    const Json next = host.Ask(Hello(n));
    EXPECT_EQ(ErrorCode(next), "") << "after body #" << n << ": " << next;
    EXPECT_EQ(next.value("id", -1), n);
  }
}

TEST_F(IntegrationFraming, HostExitsZeroWithoutOutputOnEofBeforeAnyHeader) {
  HostProcess host(state_, ChromiumArgs());
  host.CloseStdin();
  EXPECT_EQ(host.ReadToEnd(), "");
  EXPECT_EQ(host.WaitExit(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersBadFrameAndExitsWhenHeaderIsCut) {
  for (std::size_t cut = 1; cut <= 3; ++cut) {
    SCOPED_TRACE("header bytes: " + std::to_string(cut));
    HostProcess host(state_, ChromiumArgs());
    ASSERT_TRUE(host.WriteRaw(Header(20).substr(0, cut)));
    host.CloseStdin();
    const auto answers = RemainingAnswers(host);
    ASSERT_EQ(answers.size(), 1u);
    ExpectError(answers[0], "BAD_FRAME");
    EXPECT_EQ(host.WaitExit(), kExitOutOfStep);
  }
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersFrameTooLargeWithoutWaitingForTheBody) {
  for (std::uint32_t length : {0xFFFFFFFFu, kMaxFrame + 1}) {
    SCOPED_TRACE("declared length: " + std::to_string(length));
    HostProcess host(state_, ChromiumArgs());
    // stdin stays open and no body follows: a host that tried to read the body would never answer.
    ASSERT_TRUE(host.WriteRaw(Header(length)));
    ExpectError(host.ReadAnswer(5s), "FRAME_TOO_LARGE");
    EXPECT_EQ(host.WaitExit(5s), kExitOutOfStep);
    EXPECT_EQ(RemainingAnswers(host).size(), 0u);
  }
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersAFrameOfExactlyOneMebibyte) {
  std::string body = R"({"id":1,"type":"hello","pad":")";
  body += std::string(kMaxFrame - body.size() - 2, 'p') + "\"}";
  ASSERT_EQ(body.size(), kMaxFrame);
  HostProcess host(state_, ChromiumArgs());
  ASSERT_TRUE(host.WriteRaw(RawFrame(body)));
  const Json answer = host.ReadAnswer();
  EXPECT_EQ(ErrorCode(answer), "") << answer.dump().substr(0, 300);
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersBadFrameAndExitsWhenBodyIsShort) {
  HostProcess host(state_, ChromiumArgs());
  const std::string body = Hello(1).dump();
  ASSERT_TRUE(host.WriteRaw(Header(static_cast<std::uint32_t>(body.size() + 10)) + body));
  host.CloseStdin();
  const auto answers = RemainingAnswers(host);
  ASSERT_EQ(answers.size(), 1u);
  ExpectError(answers[0], "BAD_FRAME");
  EXPECT_EQ(host.WaitExit(), kExitOutOfStep);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersInvalidJsonForAnEmptyFrameAndReadsTheNextOne) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_TRUE(host.WriteRaw(Header(0) + Frame(Hello(2))));
  ExpectError(host.ReadAnswer(), "INVALID_JSON");
  const Json next = host.ReadAnswer();
  EXPECT_EQ(ErrorCode(next), "") << next;
  EXPECT_EQ(next.value("id", 0), 2);
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersInvalidJsonForInvalidUtf8) {
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(
      host,
      {
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\xff\"}",              // never valid
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\x80\"}",              // lone continuation
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\xc0\xaf\"}",          // overlong '/'
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\xed\xa0\x80\"}",      // UTF-16 surrogate
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\xf4\x90\x80\x80\"}",  // over U+10FFFF
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\xe2\x82\"}",          // cut sequence
          "{\"id\":1,\"type\":\"hello\",\"x\":\"\\ud800\"}",           // lone escape
      },
      "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersInvalidJsonForMalformedJson) {
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(host,
                              {"{", R"({"id":1,})", "nul", R"({"id":1 "type":"hello"})",
                               R"({"id":1,"type":"hello"} {"id":2})", "{'id':1}", R"({"id":NaN})", " "},
                              "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

// JSON text never holds a raw NUL byte, so a body with one after the object is not JSON, whatever follows it.
TEST_F(IntegrationFraming, HostAnswersInvalidJsonForANulByteAfterTheObject) {
  const std::string object = R"({"id":1,"type":"hello"})";
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(host,
                              {object + std::string(1, '\0'), object + std::string(1, '\0') + R"({"id":2})",
                               object + std::string(1, '\0') + "\xff garbage"},
                              "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersBadRequestForJsonThatIsNotAnObject) {
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(host, {"[1,2,3]", R"("hello")", "42", "-1.5e3", "null", "true", "[]"},
                              "BAD_REQUEST");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersInvalidJsonForTenThousandDeepNesting) {
  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += R"({"a":)";
  objects += '1';
  objects.append(10000, '}');
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(host, {NestedHello(10000), objects, std::string(10000, '[')}, "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

// The limit is 32 levels: the request object with 31 nested arrays is fine, one array more is over it.
TEST_F(IntegrationFraming, HostAcceptsThirtyTwoLevelsAndRejectsThirtyThree) {
  HostProcess host(state_, ChromiumArgs());
  const Json at_limit = host.Ask(Json::parse(NestedHello(31)));
  EXPECT_EQ(ErrorCode(at_limit), "") << at_limit;
  ExpectErrorThenStillServing(host, {NestedHello(32)}, "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

// A long unterminated string makes the JSON parser's error quote the whole body; the answer must still be a
// single INVALID_JSON frame and the stream must stay in step.
TEST_F(IntegrationFraming, HostAnswersInvalidJsonForALongUnterminatedString) {
  std::string backslashes = "{\"id\":1,\"type\":\"hello\",\"x\":\"";
  for (int i = 0; i < 300000; ++i) backslashes += "\\\\";
  std::string letters = "\"";
  letters.append(kMaxFrame - 1, 'a');
  HostProcess host(state_, ChromiumArgs());
  ExpectErrorThenStillServing(host, {backslashes, letters}, "INVALID_JSON");
  EXPECT_EQ(host.Finish(), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationFraming, HostAnswersBadRequestForANineHundredKilobyteStringField) {
  const std::string huge(900 * 1024, 'x');
  Json long_token = TokenStore(1, huge);
  Json long_client = Scoped(2, "token.get", huge);
  Json long_type = {{"id", 3}, {"type", huge}};
  Json long_name = AccountChoose(4, "42", huge);
  HostProcess host(state_, ChromiumArgs());
  for (const Json& request : {long_token, long_client, long_type, long_name}) {
    ASSERT_TRUE(host.Send(request));
    const auto body = host.ReadFrame();
    ASSERT_TRUE(body.has_value());
    EXPECT_LT(body->size(), 4096u) << "the answer should not echo the field";
    const Json answer = Json::parse(*body);
    EXPECT_EQ(ErrorCode(answer), "BAD_REQUEST") << answer.dump().substr(0, 300);
    EXPECT_EQ(answer["id"], request["id"]);
  }
  ExpectSeedIntact();  // while the first host still runs
  EXPECT_EQ(host.Finish(), 0);
  // The field was refused, so the stored token is the seed one, not the 900 KB string.
  ExpectSeedIntact();
}

}  // namespace
}  // namespace zcrm::integration
