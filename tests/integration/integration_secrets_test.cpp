// The token never reaches the disk or the logs in clear, and a tampered vault is reported, never trusted or
// silently replaced.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "secret_search.hpp"

namespace zcrm::integration {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void FlipByte(const fs::path& path) {
  std::string bytes = ReadFile(path);
  ASSERT_FALSE(bytes.empty()) << path;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string ErrorMessage(const Json& answer) {
  return answer.value("error", Json::object()).value("message", "");
}

TEST(IntegrationSecrets, TokenAppearsInNoStateFileAndNoLog) {
  StateDir state;
  const std::string token = RandomSecret();
  std::string logs;
  {
    HostProcess host(state, ChromiumArgs());
    ASSERT_EQ(ErrorCode(host.Ask(TokenStore(1, token))), "");
    ASSERT_EQ(host.Ask(Scoped(2, "token.get")).value("access_token", ""), token);
    ASSERT_EQ(ErrorCode(host.Ask(Scoped(3, "token.status"))), "");
    ASSERT_EQ(ErrorCode(host.Ask(BudgetReserve(4, "refresh"))), "");
    EXPECT_EQ(host.Finish(), 0);
    logs += host.Stderr();
  }
  for (const std::vector<std::string>& cli : {std::vector<std::string>{"status"}, {"status", "--json"}}) {
    const CliRun run = RunCli(state, cli);
    EXPECT_EQ(run.exit_code, 0);
    logs += run.out + run.err;
  }
  EXPECT_EQ(LeakedWindow(logs, token), "") << "the token shows in the host's output";
  const auto files = state.Files();
  EXPECT_GE(files.size(), 3u);  // config.json, key, at least one record
  for (const auto& file : files) {
    EXPECT_EQ(LeakedWindow(ReadFile(file), token), "") << "the token shows in " << file;
  }
}

TEST(IntegrationSecrets, StateFolderAndKeyAreReadableOnlyByTheOwner) {
  StateDir state;
  ASSERT_EQ(ErrorCode(AskOnce(state, TokenStore(1, "1000.modes"))), "");
  struct stat st {};
  ASSERT_EQ(::stat(state.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((state.path() / "key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  for (const auto& record : state.VaultRecords()) {
    ASSERT_EQ(::stat(record.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << record;
  }
}

class IntegrationVaultTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    // The first open writes only the check record; each later write adds one record we can tell apart.
    ASSERT_EQ(ErrorCode(AskOnce(state_, Scoped(1, "token.status"))), "");
    const auto check = state_.VaultRecords();
    ASSERT_EQ(check.size(), 1u);
    ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(2, "1000.tamper-me"))), "");
    token_record_ = NewRecord(check);
    ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(3, "42", "Zylker"))), "");
    auto known = check;
    known.push_back(token_record_);
    account_record_ = NewRecord(known);
  }

  fs::path NewRecord(const std::vector<fs::path>& known) {
    for (const auto& record : state_.VaultRecords()) {
      if (std::find(known.begin(), known.end(), record) == known.end()) return record;
    }
    ADD_FAILURE() << "no new record in the vault";
    return {};
  }

  StateDir state_;
  fs::path token_record_;
  fs::path account_record_;
};

TEST_F(IntegrationVaultTamper, HostAnswersVaultCorruptForATamperedRecordAndKeepsServing) {
  FlipByte(token_record_);
  HostProcess host(state_, ChromiumArgs());
  for (const Json& request : {Scoped(1, "token.get"), Scoped(2, "token.status")}) {
    const Json answer = host.Ask(request);
    EXPECT_EQ(ErrorCode(answer), "VAULT_CORRUPT") << answer;
    EXPECT_NE(ErrorMessage(answer).find("zcrm-bridge reset"), std::string::npos) << answer;
    EXPECT_EQ(answer.dump().find("tamper-me"), std::string::npos) << answer;
  }
  EXPECT_EQ(ErrorCode(host.Ask(Hello(3))), "");
  EXPECT_EQ(host.Ask(Scoped(4, "account.get"))["account"].value("id", ""), "42");
  EXPECT_EQ(ErrorCode(host.Ask(BudgetReserve(5, "login"))), "");
  EXPECT_EQ(host.Finish(), 0);
  EXPECT_TRUE(fs::exists(token_record_)) << "the damaged record must be left in place";
}

TEST_F(IntegrationVaultTamper, HostAnswersVaultCorruptForATruncatedRecord) {
  fs::resize_file(account_record_, 10);
  const auto answers = AskFresh(state_, {Scoped(1, "account.get"), Scoped(2, "token.get")});
  EXPECT_EQ(ErrorCode(answers[0]), "VAULT_CORRUPT") << answers[0];
  EXPECT_NE(ErrorMessage(answers[0]).find("zcrm-bridge reset"), std::string::npos) << answers[0];
  EXPECT_EQ(answers[1].value("access_token", ""), "1000.tamper-me") << answers[1];
}

TEST_F(IntegrationVaultTamper, HostMovesATamperedRecordAsideInsteadOfOverwritingIt) {
  FlipByte(token_record_);
  const std::string tampered = ReadFile(token_record_);
  const auto answers = AskFresh(state_, {TokenStore(1, "1000.fresh"), Scoped(2, "token.get")});
  EXPECT_EQ(ErrorCode(answers[0]), "") << answers[0];
  EXPECT_EQ(answers[1].value("access_token", ""), "1000.fresh") << answers[1];
  ASSERT_TRUE(fs::exists(state_.path() / "damaged"));
  std::vector<std::string> kept;
  for (const auto& entry : fs::directory_iterator(state_.path() / "damaged"))
    kept.push_back(ReadFile(entry.path()));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0], tampered) << "the damaged record is kept byte for byte";
}

TEST_F(IntegrationVaultTamper, EveryRecordTamperedIsReportedAndResetStartsAFreshVault) {
  for (const auto& record : state_.VaultRecords()) FlipByte(record);
  {
    HostProcess host(state_, ChromiumArgs());
    for (const Json& request : {Scoped(1, "token.get"), Scoped(2, "account.get")}) {
      const Json answer = host.Ask(request);
      // With the check record tampered too, the host cannot tell tampering from a wrong key.
      EXPECT_TRUE(ErrorCode(answer) == "VAULT_CORRUPT" || ErrorCode(answer) == "KEY_MISMATCH") << answer;
      EXPECT_NE(ErrorMessage(answer).find("zcrm-bridge reset"), std::string::npos) << answer;
    }
    EXPECT_EQ(ErrorCode(host.Ask(Hello(3))), "") << "the host keeps serving";
    EXPECT_EQ(host.Finish(), 0);
  }
  HostProcess reset(state_, {"reset"});
  const std::string said = reset.ReadToEnd();
  EXPECT_EQ(reset.Finish(), 0) << reset.Stderr();
  EXPECT_NE(said.find("reset-"), std::string::npos) << said;

  const auto answers = AskFresh(state_, {Scoped(1, "token.get"), Scoped(2, "account.get"),
                                         TokenStore(3, "1000.after-reset"), Scoped(4, "token.get")});
  EXPECT_EQ(ErrorCode(answers[0]), "NO_TOKEN") << answers[0];
  EXPECT_TRUE(answers[1]["account"].is_null()) << answers[1];
  EXPECT_EQ(ErrorCode(answers[2]), "") << answers[2];
  EXPECT_EQ(answers[3].value("access_token", ""), "1000.after-reset") << answers[3];
}

}  // namespace
}  // namespace zcrm::integration
