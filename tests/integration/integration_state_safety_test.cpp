// docs/PROTOCOL.md "State directory": the host follows no symbolic link planted in its state folder and uses
// no folder in it that another user could enter or that belongs to someone else. Each refusal is KEY_UNSAFE
// naming the path and the fix; nothing is created or moved at a link's target, and all is fine once fixed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "seeded_state.hpp"

namespace zcrm::integration {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Every entry under dir (following nothing), to prove a link's target was left alone.
std::vector<fs::path> Entries(const fs::path& dir) {
  std::vector<fs::path> entries;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) entries.push_back(entry.path());
  return entries;
}

class IntegrationStateSafety : public SeededState {
 protected:
  // A folder outside the state folder for links to point at.
  fs::path Elsewhere() {
    const fs::path dir = state_.scratch() / "elsewhere";
    fs::create_directories(dir);
    return dir;
  }

  fs::path In(const char* name) const { return state_.path() / name; }

  // KEY_UNSAFE, with a message that names the path and the fix.
  static void ExpectUnsafe(const Json& answer, const fs::path& path, const std::string& fix) {
    EXPECT_EQ(ErrorCode(answer), "KEY_UNSAFE") << answer;
    const std::string message = answer.value("error", Json::object()).value("message", "");
    EXPECT_NE(message.find(path.string()), std::string::npos) << "should name " << path << ": " << message;
    EXPECT_NE(message.find(fix), std::string::npos) << "should name the fix `" << fix << "`: " << message;
  }
};

TEST_F(IntegrationStateSafety, DanglingLockLinkIsRefusedAndNothingIsCreatedAtItsTarget) {
  const fs::path target = Elsewhere() / "x";
  fs::remove(In("lock"));
  fs::create_symlink(target, In("lock"));
  HostProcess host(state_, ChromiumArgs());
  ExpectUnsafe(host.Ask(BudgetReserve(1, "login")), In("lock"), "rm " + In("lock").string());
  ExpectUnsafe(host.Ask(TokenStore(2, "1000.not-stored")), In("lock"), "rm " + In("lock").string());
  EXPECT_EQ(host.Ask(Scoped(3, "token.get")).value("access_token", ""), kSeedToken) << "reads take no lock";
  EXPECT_EQ(host.Finish(), 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(target))) << "the host created a file through the link";
  EXPECT_TRUE(fs::is_symlink(In("lock")));

  fs::remove(In("lock"));
  EXPECT_EQ(ErrorCode(AskOnce(state_, BudgetReserve(4, "login"))), "") << "fine once the link is gone";
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, FirstStartWithADanglingLockLinkCreatesNoKeyAndNothingAtTheTarget) {
  StateDir fresh;
  const fs::path target = Elsewhere() / "x";
  fs::create_symlink(target, fresh.path() / "lock");
  ExpectUnsafe(AskOnce(fresh, TokenStore(1, "1000.first")), fresh.path() / "lock", "rm ");
  EXPECT_FALSE(fs::exists(fs::symlink_status(target)));
  EXPECT_FALSE(fs::exists(fresh.path() / "key")) << "no key may be made without the lock";
}

TEST_F(IntegrationStateSafety, ResetRefusesADanglingLockLinkAndMovesNothing) {
  const fs::path target = Elsewhere() / "x";
  fs::remove(In("lock"));
  fs::create_symlink(target, In("lock"));
  const CliRun run = RunCli(state_, {"reset"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("KEY_UNSAFE"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("rm " + In("lock").string()), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(target)));
  EXPECT_TRUE(fs::exists(In("key"))) << "nothing is moved aside";
}

TEST_F(IntegrationStateSafety, LinkedVaultFolderIsRefusedAndItsTargetIsNotWritten) {
  const fs::path real = Elsewhere() / "vault";
  fs::rename(In("vault"), real);
  fs::create_symlink(real, In("vault"));
  const auto before = Entries(real);
  HostProcess host(state_, ChromiumArgs());
  ExpectUnsafe(host.Ask(Scoped(1, "token.get")), In("vault"), "rm " + In("vault").string());
  ExpectUnsafe(host.Ask(TokenStore(2, "1000.not-stored")), In("vault"), "rm " + In("vault").string());
  EXPECT_EQ(host.Finish(), 0);
  EXPECT_EQ(Entries(real), before);

  fs::remove(In("vault"));
  fs::rename(real, In("vault"));
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, VaultFolderOthersCanEnterIsRefusedNamingChmod) {
  fs::permissions(In("vault"), fs::perms::all, fs::perm_options::replace);
  const auto answers = AskFresh(state_, {Scoped(1, "token.get"), TokenStore(2, "1000.not-stored")});
  for (const auto& answer : answers) ExpectUnsafe(answer, In("vault"), "chmod 700 " + In("vault").string());
  fs::permissions(In("vault"), fs::perms::owner_all, fs::perm_options::replace);
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, VaultFolderOfAnotherUserIsRefusedNamingChown) {
  // Only root can give a folder away; as anyone else the host could not be fooled this way.
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to chown";
  constexpr uid_t kNobody = 65534;
  ASSERT_EQ(::chown(In("vault").c_str(), kNobody, static_cast<gid_t>(-1)), 0);
  ExpectUnsafe(AskOnce(state_, Scoped(1, "token.get")), In("vault"), "chown");
  ASSERT_EQ(::chown(In("vault").c_str(), ::geteuid(), static_cast<gid_t>(-1)), 0);
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, LinkedDamagedFolderIsRefused) {
  const fs::path real = Elsewhere() / "damaged";
  fs::create_directory(real);
  fs::create_symlink(real, In("damaged"));
  ExpectUnsafe(AskOnce(state_, Scoped(1, "token.get")), In("damaged"), "rm " + In("damaged").string());
  EXPECT_TRUE(fs::is_empty(real));
  fs::remove(In("damaged"));
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, DamagedFolderOthersCanEnterIsRefusedNamingChmod) {
  fs::create_directory(In("damaged"));
  fs::permissions(In("damaged"), fs::perms::all, fs::perm_options::replace);
  ExpectUnsafe(AskOnce(state_, Scoped(1, "token.get")), In("damaged"), "chmod 700 " + In("damaged").string());
  fs::permissions(In("damaged"), fs::perms::owner_all, fs::perm_options::replace);
  ExpectSeedIntact();
}

TEST_F(IntegrationStateSafety, DamagedRecordIsNotMovedThroughADamagedLinkPlantedUnderARunningHost) {
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(ErrorCode(host.Ask(Scoped(1, "token.status"))), "");  // the vault is open from here on
  std::vector<std::string> tampered;
  for (const auto& record : state_.VaultRecords()) {
    std::string bytes = ReadFile(record);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
    std::ofstream(record, std::ios::binary | std::ios::trunc) << bytes;
    tampered.push_back(bytes);
  }
  const fs::path real = Elsewhere() / "damaged";
  fs::create_directory(real);
  fs::create_symlink(real, In("damaged"));

  ExpectUnsafe(host.Ask(TokenStore(2, "1000.replacement")), In("damaged"), "rm " + In("damaged").string());
  EXPECT_EQ(host.Finish(), 0);
  EXPECT_TRUE(fs::is_empty(real)) << "a record was moved through the link";
  const auto records = state_.VaultRecords();
  ASSERT_EQ(records.size(), tampered.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_TRUE(ReadFile(records[i]) == tampered[i])
        << records[i] << " is not the tampered record left in place";
  }
}

TEST_F(IntegrationStateSafety, LinkedRecordIsRefusedNamingTheLink) {
  const auto records = state_.VaultRecords();
  ASSERT_FALSE(records.empty());
  for (const auto& record : records) {
    // Whichever record the token is in, every one is a link now, the check record included.
    const fs::path real = Elsewhere() / record.filename();
    fs::rename(record, real);
    fs::create_symlink(real, record);
  }
  const Json answer = AskOnce(state_, Scoped(1, "token.get"));
  EXPECT_EQ(ErrorCode(answer), "KEY_UNSAFE") << answer;
  EXPECT_NE(answer.dump().find("symbolic link"), std::string::npos) << answer;
  EXPECT_NE(answer.dump().find("rm " + state_.path().string() + "/vault/"), std::string::npos) << answer;
}

TEST_F(IntegrationStateSafety, LinkedConfigFileIsRefused) {
  const fs::path real = Elsewhere() / "config.json";
  fs::rename(In("config.json"), real);
  fs::create_symlink(real, In("config.json"));
  ExpectUnsafe(AskOnce(state_, Hello(1)), In("config.json"), "rm " + In("config.json").string());
  fs::remove(In("config.json"));
  fs::rename(real, In("config.json"));
  ExpectSeedIntact();
}

}  // namespace
}  // namespace zcrm::integration
