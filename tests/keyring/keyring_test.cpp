// The vault key in a real Secret Service: gnome-keyring-daemon on a private D-Bus session bus
// (private-keyring.sh), the real zcrm-bridge binary and its real keyring helper.
#include "store/keyring.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host_process.hpp"
#include "requests.hpp"
#include "secret_search.hpp"

namespace zcrm::integration {
namespace {

namespace fs = std::filesystem;
using store::Keyring;
using store::KeyringItem;

constexpr const char* kToken = "1000.kr0f1e2d3c4b5a69788796a5b4c3d2e1f0.9f8e7d6c5b4a39281706f5e4d3c2b1a0";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// stdout of a shell command (only fixed commands of this file).
std::string Shell(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    ::pclose(pipe);
  }
  return out;
}

KeyringItem ItemOf(const StateDir& state) {
  const Json marker = Json::parse(Slurp(state.path() / "key.keyring"));
  return {marker.at("vault").get<std::string>(), marker.at("key_id").get<std::string>()};
}

// The daemon serving org.freedesktop.secrets on this private bus (never another session's).
pid_t KeyringDaemonPid() {
  const std::string out = Shell(
      "gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method "
      "org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null");
  // The answer reads "(uint32 1234,)".
  const auto at = out.find("uint32 ");
  return at == std::string::npos ? -1 : static_cast<pid_t>(std::stol(out.substr(at + 7)));
}

void StopKeyring() {
  const pid_t pid = KeyringDaemonPid();
  ASSERT_GT(pid, 1) << "no keyring daemon on the private bus";
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(50ms);
}

// The daemon again, unlocked with the run's password: the login keyring file keeps the items.
void StartKeyringUnlocked() {
  Shell(
      "printf %s \"$ZCRM_TEST_KEYRING_PASSWORD\" | gnome-keyring-daemon --replace --unlock "
      "--components=secrets >/dev/null 2>&1");
  for (int i = 0; i < 100 && KeyringDaemonPid() <= 1; ++i) std::this_thread::sleep_for(50ms);
}

void LockLoginKeyring() {
  Shell(
      "gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method "
      "org.freedesktop.Secret.Service.Lock \"['/org/freedesktop/secrets/collection/login']\" >/dev/null");
}

// Sets an environment variable for the hosts this test starts, and puts it back afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class KeyringVault : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Keyring::SessionBusConfigured()) << "run through tests/keyring/private-keyring.sh";
    ASSERT_TRUE(keyring_.Available()) << "no Secret Service on the private bus";
  }
  void TearDown() override {
    if (KeyringDaemonPid() <= 1) StartKeyringUnlocked();  // a test that stopped it must not break the next
  }

  Json StoreToken(const std::string& token = kToken) { return AskOnce(state_, TokenStore(1, token)); }
  std::string StoredToken() {
    const Json answer = AskOnce(state_, Scoped(2, "token.get"));
    return answer.value("access_token", "");
  }

  Keyring keyring_{ZCRM_KEYRING_HELPER};
  StateDir state_;
};

TEST_F(KeyringVault, FirstStartWithASecretServicePutsTheKeyInTheKeyringAndWritesNoKeyFile) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  ASSERT_TRUE(fs::exists(state_.path() / "key.keyring"));
  const auto key = keyring_.Lookup(ItemOf(state_));
  ASSERT_TRUE(key.has_value()) << "the keyring has no item for the marker";
  EXPECT_EQ(StoredToken(), kToken) << "a second host reads the token with the key from the keyring";
}

TEST_F(KeyringVault, StatusAndDoctorSayTheKeyIsInTheKeyring) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  const auto status = RunCli(state_, {"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(Json::parse(status.out).value("key_store", ""), "keyring") << status.out;
  const auto text = RunCli(state_, {"status"});
  EXPECT_NE(text.out.find("Vault key: in the keyring"), std::string::npos) << text.out;
  const auto key = RunCli(state_, {"key"});
  EXPECT_NE(key.out.find("in the keyring"), std::string::npos) << key.out;

  const auto doctor = RunCli(state_, {"doctor", "--json"});
  const Json report = Json::parse(doctor.out);
  bool seen = false;
  for (const auto& check : report.at("checks")) {
    if (check.value("check", "") != "state.key_store") continue;
    seen = true;
    EXPECT_EQ(check.value("status", ""), "ok") << check;
    EXPECT_NE(check.value("detail", "").find("keyring"), std::string::npos) << check;
  }
  EXPECT_TRUE(seen) << doctor.out;
}

TEST_F(KeyringVault, NoFileAnywhereHoldsTheKeyInClear) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  const auto key = keyring_.Lookup(ItemOf(state_));
  ASSERT_TRUE(key.has_value());
  const std::string key_bytes(reinterpret_cast<const char*>(key->bytes().data()), key->bytes().size());
  const char* home = std::getenv("HOME");
  ASSERT_NE(home, nullptr);
  int files = 0;
  for (const fs::path& root : {state_.path(), state_.scratch(), fs::path(home)}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      EXPECT_EQ(LeakedWindow(Slurp(entry.path()), key_bytes), "") << entry.path();
    }
  }
  EXPECT_GT(files, 2) << "the search saw the state and the keyring's own file";
}

TEST_F(KeyringVault, KeyStoreFileInTheConfigKeepsAKeyFileEvenWithASecretService) {
  state_.WriteConfig(StateDir::ConfigWith({{"key_store", "file"}}));
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  EXPECT_TRUE(fs::exists(state_.path() / "key"));
  EXPECT_FALSE(fs::exists(state_.path() / "key.keyring"));
}

TEST_F(KeyringVault, MovingTheKeyToTheFileAndBackKeepsTheTokenAndTheAccount) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(3, "42", "Zylker"))), "");
  const KeyringItem first = ItemOf(state_);

  const auto to_file = RunCli(state_, {"key", "move", "file"});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_TRUE(fs::exists(state_.path() / "key"));
  EXPECT_FALSE(fs::exists(state_.path() / "key.keyring"));
  EXPECT_FALSE(keyring_.Lookup(first).has_value()) << "the keyring item was left behind";
  EXPECT_EQ(StoredToken(), kToken);
  EXPECT_NE(RunCli(state_, {"key", "move", "file"}).out.find("already"), std::string::npos);

  const auto to_keyring = RunCli(state_, {"key", "move", "keyring"});
  ASSERT_EQ(to_keyring.exit_code, 0) << to_keyring.err;
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  EXPECT_TRUE(keyring_.Lookup(ItemOf(state_)).has_value());
  EXPECT_EQ(StoredToken(), kToken);
  const Json account = AskOnce(state_, Scoped(4, "account.get"));
  EXPECT_EQ(account.value("account", Json::object()).value("id", ""), "42") << account;
}

TEST_F(KeyringVault, AMoveCutShortBeforeTheKeyFileWentStillOpensAndCanBeFinished) {
  state_.WriteConfig(StateDir::ConfigWith({{"key_store", "file"}}));
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  const std::string key_bytes = Slurp(state_.path() / "key");
  ASSERT_EQ(RunCli(state_, {"key", "move", "keyring"}).exit_code, 0);
  // Put the key file back as if the move had stopped right after writing the marker.
  {
    std::ofstream out(state_.path() / "key", std::ios::binary);
    out << key_bytes;
  }
  fs::permissions(state_.path() / "key", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(StoredToken(), kToken);
  ASSERT_EQ(RunCli(state_, {"key", "move", "keyring"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  EXPECT_EQ(StoredToken(), kToken);
}

TEST_F(KeyringVault, AStoppedKeyringAnswersKeyringUnavailableAndLosesNothing) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  StopKeyring();
  // D-Bus may start a fresh daemon on demand; without the password its keyring stays locked. Either way the
  // host must refuse clearly, and never make a new key.
  const Json answer = AskOnce(state_, Scoped(2, "token.get"));
  EXPECT_EQ(ErrorCode(answer), "KEYRING_UNAVAILABLE") << answer;
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  StartKeyringUnlocked();
  EXPECT_EQ(StoredToken(), kToken);
}

TEST_F(KeyringVault, ALockedKeyringAnswersKeyringUnavailableWithoutWaitingForAPrompt) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  LockLoginKeyring();
  const auto start = std::chrono::steady_clock::now();
  const Json answer = AskOnce(state_, Scoped(2, "token.get"));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ErrorCode(answer), "KEYRING_UNAVAILABLE") << answer;
  EXPECT_NE(answer.dump().find("locked"), std::string::npos) << answer;
  EXPECT_LT(waited, Keyring::kDefaultTimeout) << "the host waited for a prompt";
  StopKeyring();
  StartKeyringUnlocked();
  EXPECT_EQ(StoredToken(), kToken);
}

TEST_F(KeyringVault, AKeyDeletedFromTheKeyringIsKeyMismatchAndNoNewKeyReplacesIt) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  const auto records = state_.VaultRecords();
  ASSERT_TRUE(keyring_.Clear(ItemOf(state_)));
  const Json answer = AskOnce(state_, Scoped(2, "token.get"));
  EXPECT_EQ(ErrorCode(answer), "KEY_MISMATCH") << answer;
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  EXPECT_EQ(state_.VaultRecords(), records) << "records were touched";
}

TEST_F(KeyringVault, KeyringPreferenceWithoutASecretServiceRefusesAndCreatesNothing) {
  state_.WriteConfig(StateDir::ConfigWith({{"key_store", "keyring"}}));
  const ScopedEnv no_bus("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/zcrm-no-bus");
  const Json answer = StoreToken();
  EXPECT_EQ(ErrorCode(answer), "KEYRING_UNAVAILABLE") << answer;
  EXPECT_FALSE(fs::exists(state_.path() / "key"));
  EXPECT_FALSE(fs::exists(state_.path() / "key.keyring"));
  EXPECT_TRUE(state_.VaultRecords().empty());
}

TEST_F(KeyringVault, AutoWithoutASessionBusUsesTheKeyFile) {
  const ScopedEnv no_bus("DBUS_SESSION_BUS_ADDRESS", "");
  const ScopedEnv no_runtime("XDG_RUNTIME_DIR", "");
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  EXPECT_TRUE(fs::exists(state_.path() / "key"));
  EXPECT_FALSE(fs::exists(state_.path() / "key.keyring"));
  const auto status = RunCli(state_, {"status", "--json"});
  EXPECT_EQ(Json::parse(status.out).value("key_store", ""), "file") << status.out;
}

TEST_F(KeyringVault, ResetMovesTheMarkerAsideAndTheNextKeyIsANewItem) {
  ASSERT_EQ(ErrorCode(StoreToken()), "");
  const KeyringItem old_item = ItemOf(state_);
  ASSERT_EQ(RunCli(state_, {"reset"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(state_.path() / "key.keyring"));
  ASSERT_EQ(ErrorCode(StoreToken("1000.second-token-after-reset-0123456789abcdef")), "");
  const KeyringItem new_item = ItemOf(state_);
  EXPECT_NE(new_item.key_id, old_item.key_id);
  EXPECT_TRUE(keyring_.Lookup(old_item).has_value()) << "the reset-aside vault's key was overwritten";
}

}  // namespace
}  // namespace zcrm::integration
