// store::Keyring, the host's side of the keyring helper: every way the helper can fail becomes one clear
// KEYRING_UNAVAILABLE (or "no item"), the key crosses only stdin/stdout, and a stuck helper is killed in
// time. The helpers here are small scripts that misbehave on purpose; tests/keyring runs the real one against
// gnome-keyring.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "error/host_error.hpp"
#include "store/keyring.hpp"
#include "support/store_support.hpp"
#include "support/temp_dir.hpp"

namespace zcrm::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::Slurp;
using test_support::TempDir;
using test_support::UnderTempDir;

const KeyringItem kItem{"/tmp/some-state", "0123456789abcdef"};

class KeyringClient : public ::testing::Test {
 protected:
  // A helper script with this body (after #!/bin/sh).
  fs::path Helper(const std::string& body) {
    const fs::path path = dir_.path() / ("helper-" + std::to_string(++helpers_));
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0700);
    return path;
  }
  // Runs what and returns the KEYRING_UNAVAILABLE message; fails the test for anything else.
  template <typename What>
  std::string UnavailableMessage(What what) {
    try {
      what();
    } catch (const HostError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kKeyringUnavailable) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no KEYRING_UNAVAILABLE";
    return "";
  }

  TempDir dir_{UnderTempDir("zcrm-keyring-client")};
  int helpers_ = 0;
};

TEST_F(KeyringClient, LookupReadsExactlyTheThirtyTwoBytesTheHelperWrites) {
  const Keyring keyring(Helper("printf 'abcdefghijklmnopqrstuvwxyz012345'"));
  const auto key = keyring.Lookup(kItem);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(key->bytes().data()), SecretKey::kSize),
            "abcdefghijklmnopqrstuvwxyz012345");
}

TEST_F(KeyringClient, NoItemIsNulloptForLookupAndFalseForClear) {
  const Keyring keyring(Helper("exit 2"));
  EXPECT_FALSE(keyring.Lookup(kItem).has_value());
  EXPECT_FALSE(keyring.Clear(kItem));
}

TEST_F(KeyringClient, TheHelperGetsTheCommandAndTheItemInArgvAndTheKeyOnlyOnStdin) {
  const fs::path args = dir_.path() / "args";
  const fs::path input = dir_.path() / "stdin";
  const fs::path env = dir_.path() / "env";
  const Keyring keyring(Helper("printf '%s|' \"$@\" > '" + args.string() + "'; cat > '" + input.string() +
                               "'; env > '" + env.string() + "'"));
  SecretKey key = SecretKey::Random();
  keyring.Store(kItem, key);
  EXPECT_EQ(Slurp(args), "store|/tmp/some-state|0123456789abcdef|");
  const std::string sent = Slurp(input);
  EXPECT_EQ(sent, std::string(reinterpret_cast<const char*>(key.bytes().data()), SecretKey::kSize));
  EXPECT_EQ(Slurp(env).find(sent), std::string::npos) << "the key reached the environment";
}

TEST_F(KeyringClient, AMissingHelperIsUnavailableAndSaysToReinstall) {
  const Keyring keyring(dir_.path() / "no-such-helper");
  EXPECT_NE(UnavailableMessage([&] { keyring.Lookup(kItem); }).find("reinstall"), std::string::npos);
  EXPECT_FALSE(keyring.Available());
}

TEST_F(KeyringClient, AStuckHelperIsKilledAtTheTimeout) {
  const Keyring keyring(Helper("exec sleep 30"), 300ms);
  const auto start = std::chrono::steady_clock::now();
  const std::string message = UnavailableMessage([&] { keyring.Lookup(kItem); });
  EXPECT_NE(message.find("did not answer within 300 ms"), std::string::npos) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s) << "waited for the helper instead of killing it";
}

TEST_F(KeyringClient, AShortKeyIsUnavailableNotAKey) {
  const Keyring keyring(Helper("printf 'short'"));
  EXPECT_NE(UnavailableMessage([&] { keyring.Lookup(kItem); }).find("5 bytes"), std::string::npos);
}

TEST_F(KeyringClient, ALongerAnswerThanAKeyIsUnavailableNotTruncated) {
  const Keyring keyring(Helper("head -c 4096 /dev/zero"));
  const std::string message = UnavailableMessage([&] { keyring.Lookup(kItem); });
  EXPECT_NE(message.find("instead of 32"), std::string::npos) << message;
}

TEST_F(KeyringClient, NoSecretServiceIsUnavailableAndNamesTheWayOut) {
  const Keyring keyring(Helper("echo 'zcrm-bridge-keyring: no Secret Service answered' >&2; exit 3"));
  const std::string message = UnavailableMessage([&] { keyring.Lookup(kItem); });
  EXPECT_NE(message.find("no Secret Service answered"), std::string::npos) << message;
  EXPECT_NE(message.find("key move file"), std::string::npos) << message;
  EXPECT_FALSE(keyring.Available());
}

TEST_F(KeyringClient, StoringWithNoSecretServiceIsRefusedWithoutTheWayBackToAFile) {
  const Keyring keyring(Helper("echo 'zcrm-bridge-keyring: no Secret Service answered' >&2; exit 3"));
  const SecretKey key = SecretKey::Random();
  const std::string message = UnavailableMessage([&] { keyring.Store(kItem, key); });
  EXPECT_NE(message.find("no Secret Service answered"), std::string::npos) << message;
  EXPECT_EQ(message.find("key move file"), std::string::npos)
      << "the key is not in the keyring yet: " << message;
}

TEST_F(KeyringClient, ALockedKeyringIsUnavailableWithTheHelpersReason) {
  const Keyring keyring(Helper("echo 'zcrm-bridge-keyring: the keyring is locked' >&2; exit 4"));
  EXPECT_NE(UnavailableMessage([&] { keyring.Lookup(kItem); }).find("locked"), std::string::npos);
}

TEST_F(KeyringClient, AHelperKilledByASignalIsUnavailable) {
  const Keyring keyring(Helper("kill -9 $$"));
  UnavailableMessage([&] { keyring.Clear(kItem); });
}

TEST_F(KeyringClient, AHelperThatExitsWithoutReadingTheKeyIsUnavailableAndDoesNotKillTheCaller) {
  const Keyring keyring(Helper("exec 0<&-; exit 5"));
  const SecretKey key = SecretKey::Random();
  UnavailableMessage([&] { keyring.Store(kItem, key); });
}

TEST_F(KeyringClient, AFloodOfStderrIsCutShort) {
  const Keyring keyring(Helper("head -c 1000000 /dev/zero | tr '\\\\0' x >&2; exit 5"));
  const std::string message = UnavailableMessage([&] { keyring.Clear(kItem); });
  EXPECT_LT(message.size(), 2048u);
}

TEST_F(KeyringClient, ProbeIsAvailableOnlyWhenTheHelperSaysSo) {
  EXPECT_TRUE(Keyring(Helper("[ \"$1\" = probe ] && exit 0; exit 5")).Available());
  EXPECT_FALSE(Keyring(Helper("exit 3")).Available());
}

class SessionBus : public ::testing::Test {
 protected:
  void Set(const char* name, const std::optional<std::string>& value) {
    saved_.emplace_back(name,
                        std::getenv(name) ? std::optional<std::string>(std::getenv(name)) : std::nullopt);
    value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  void TearDown() override {
    std::reverse(saved_.begin(), saved_.end());
    for (const auto& [name, value] : saved_) value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
  TempDir dir_{UnderTempDir("zcrm-session-bus")};
};

TEST_F(SessionBus, AnAddressInTheEnvironmentCountsAsConfigured) {
  Set("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus");
  EXPECT_TRUE(Keyring::SessionBusConfigured());
}

TEST_F(SessionBus, NoAddressAndNoRuntimeFolderIsNotConfigured) {
  Set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
  Set("XDG_RUNTIME_DIR", std::nullopt);
  EXPECT_FALSE(Keyring::SessionBusConfigured());
}

TEST_F(SessionBus, ARuntimeFolderCountsOnlyWithABusSocketInIt) {
  Set("DBUS_SESSION_BUS_ADDRESS", std::nullopt);
  Set("XDG_RUNTIME_DIR", dir_.path().string());
  EXPECT_FALSE(Keyring::SessionBusConfigured());
  std::ofstream(dir_.path() / "bus") << "not a socket";
  EXPECT_FALSE(Keyring::SessionBusConfigured());
}

}  // namespace
}  // namespace zcrm::store
