// The vault damaged on disk: every single byte of a record flipped, every truncation, the key file missing,
// of the wrong size, readable by others, a link, or another key. Each is reported with its own code, nothing
// is overwritten or recreated behind the user's back, and the host keeps serving what it still can.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fault_seeded.hpp"

namespace zcrm::fault {
namespace {

class DamagedVault : public ::testing::Test {
 protected:
  void SetUp() override {
    // First open: only the check record exists; then the token record; then the account record.
    ASSERT_EQ(ErrorCode(AskOnce(state_, Scoped(1, "token.status"))), "");
    ASSERT_EQ(state_.VaultRecords().size(), 1u);
    check_record_ = state_.VaultRecords().front();
    ASSERT_EQ(ErrorCode(AskOnce(state_, TokenStore(2, kSeedToken))), "");
    ASSERT_EQ(state_.VaultRecords().size(), 2u);
    for (const auto& r : state_.VaultRecords()) {
      if (r != check_record_) token_record_ = r;
    }
    ASSERT_EQ(ErrorCode(AskOnce(state_, AccountChoose(3, kSeedAccount, "Zylker"))), "");
    ASSERT_EQ(state_.VaultRecords().size(), 3u);
  }

  void ExpectTokenAndAccountIntact() {
    const auto answers = AskFresh(state_, {Scoped("i1", "token.get"), Scoped("i2", "account.get")});
    EXPECT_EQ(answers[0].value("access_token", ""), kSeedToken) << answers[0];
    EXPECT_EQ(answers[1].value("account", Json::object()).value("id", ""), kSeedAccount) << answers[1];
  }

  StateDir state_;
  fs::path check_record_;
  fs::path token_record_;
};

// One host answers for every damaged version of the token record in turn: it re-reads the file per request.
TEST_F(DamagedVault, EveryFlippedByteAndEveryTruncationOfARecordIsVaultCorruptAndTheHostKeepsServing) {
  const std::string good = ReadFile(token_record_);
  ASSERT_GT(good.size(), 40u);
  HostProcess host(state_, ChromiumArgs());
  ASSERT_EQ(host.Ask(Scoped("warm", "token.get")).value("access_token", ""), kSeedToken);
  int asked = 0;
  auto expect_corrupt = [&](const std::string& bytes, const std::string& what) {
    WriteFile(token_record_, bytes);
    for (const char* type : {"token.get", "token.status"}) {
      const Json answer = host.Ask(Scoped(asked++, type));
      EXPECT_EQ(ErrorCode(answer), "VAULT_CORRUPT") << what << ": " << answer;
      EXPECT_EQ(LeakedWindow(answer.dump(), kSeedToken), "") << what << ": " << answer;
    }
  };
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ (1 << (i % 8)));  // one bit, a different one from byte to byte
    expect_corrupt(bad, "bit " + std::to_string(i % 8) + " of byte " + std::to_string(i) + " flipped");
    bad[i] = static_cast<char>(good[i] ^ 0xff);
    expect_corrupt(bad, "byte " + std::to_string(i) + " inverted");
    if (HasFailure()) break;
  }
  for (std::size_t length = 0; length < good.size(); ++length) {
    expect_corrupt(good.substr(0, length), "truncated to " + std::to_string(length) + " bytes");
    if (HasFailure()) break;
  }
  expect_corrupt(good + std::string(1, '\0'), "one byte appended");
  // Another record of the same vault copied over this one: authentic, but written for another name.
  expect_corrupt(ReadFile(check_record_), "the check record copied over it");
  // Still serving everything else, and the record is back once the file is.
  EXPECT_EQ(host.Ask(Scoped("a", "account.get"))["account"].value("id", ""), kSeedAccount);
  EXPECT_EQ(ErrorCode(host.Ask(BudgetReserve("b", "login"))), "");
  WriteFile(token_record_, good);
  EXPECT_EQ(host.Ask(Scoped("c", "token.get")).value("access_token", ""), kSeedToken);
  EXPECT_EQ(host.Finish(), 0) << host.Stderr();
  EXPECT_FALSE(fs::exists(state_.path() / "damaged")) << "reads must never move records";
  std::cout << "[ fault ] " << asked << " damaged versions of one record refused\n";
}

// The check record proves the key opens the vault; any damage to it looks like a wrong key (KEY_MISMATCH),
// and must never let a host start writing with a key that may not be the vault's.
TEST_F(DamagedVault, EveryDamageToTheCheckRecordIsRefusedAtOpenWithoutWritingAnything) {
  const std::string good = ReadFile(check_record_);
  const auto before = state_.VaultRecords();
  int hosts = 0;
  auto expect_refused = [&](const std::string& bytes, const std::string& what) {
    WriteFile(check_record_, bytes);
    HostProcess host(state_, ChromiumArgs());
    ++hosts;
    for (const Json& request : {Scoped(1, "token.get"), TokenStore(2, "1000.mustnotland")}) {
      const Json answer = host.Ask(request);
      EXPECT_TRUE(ErrorCode(answer) == "KEY_MISMATCH" || ErrorCode(answer) == "VAULT_CORRUPT")
          << what << ": " << answer;
    }
    EXPECT_EQ(ErrorCode(host.Ask(Hello(3))), "") << what;
    EXPECT_EQ(host.Finish(), 0) << what << ": " << host.Stderr();
  };
  // Every byte: a fresh host per version, since only opening the vault reads the check record.
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x80);
    expect_refused(bad, "byte " + std::to_string(i) + " flipped");
    if (HasFailure()) break;
  }
  for (std::size_t length : {std::size_t{0}, std::size_t{4}, std::size_t{29}, good.size() - 1}) {
    expect_refused(good.substr(0, length), "truncated to " + std::to_string(length));
  }
  WriteFile(check_record_, good);
  EXPECT_EQ(state_.VaultRecords(), before) << "no record was added, removed or renamed";
  ExpectTokenAndAccountIntact();
  std::cout << "[ fault ] " << hosts << " hosts refused a damaged check record\n";
}

class KeyFault : public DamagedVault {
 protected:
  fs::path key() const { return state_.path() / "key"; }

  // Every request that touches the vault gets `code`, hello still works, and nothing in the state folder
  // changes.
  void ExpectRefused(const std::string& code, const std::string& what) {
    SCOPED_TRACE(what);
    const auto files_before = state_.Files();
    HostProcess host(state_, ChromiumArgs());
    for (const Json& request : {Scoped(1, "token.get"), TokenStore(2, "1000.mustnotland"),
                                BudgetReserve(3, "login"), Scoped(4, "account.get")}) {
      const Json answer = host.Ask(request);
      EXPECT_EQ(ErrorCode(answer), code) << answer;
      EXPECT_NE(ErrorMessage(answer).find(state_.path().string()), std::string::npos)
          << "the message names the file to fix: " << answer;
    }
    EXPECT_EQ(ErrorCode(host.Ask(Hello(5))), "") << "the host keeps serving";
    EXPECT_EQ(host.Finish(), 0) << host.Stderr();
    auto files_after = state_.Files();
    files_after.erase(std::remove(files_after.begin(), files_after.end(), state_.path() / "lock"),
                      files_after.end());
    auto expected = files_before;
    expected.erase(std::remove(expected.begin(), expected.end(), state_.path() / "lock"), expected.end());
    EXPECT_EQ(files_after, expected) << "a refused vault must not be touched (no new key, no record)";
  }
};

TEST_F(KeyFault, MissingKeyWithRecordsIsKeyMismatchAndNoNewKeyIsMade) {
  const std::string good = ReadFile(key());
  fs::remove(key());
  ExpectRefused("KEY_MISMATCH", "key file removed");
  EXPECT_FALSE(fs::exists(key())) << "a new key would orphan every stored record";
  WriteFile(key(), good);
  fs::permissions(key(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  ExpectTokenAndAccountIntact();
}

TEST_F(KeyFault, AnotherKeyIsKeyMismatch) {
  const std::string good = ReadFile(key());
  std::string other = good;
  for (auto& c : other) c = static_cast<char>(c ^ 0x5a);
  WriteFile(key(), other);
  ExpectRefused("KEY_MISMATCH", "a different 32-byte key");
  WriteFile(key(), good);
  ExpectTokenAndAccountIntact();
}

TEST_F(KeyFault, KeyOfTheWrongSizeIsKeyUnsafe) {
  const std::string good = ReadFile(key());
  for (const std::string& bad : {std::string(), good.substr(0, 31), good + "x", good + good}) {
    WriteFile(key(), bad);
    ExpectRefused("KEY_UNSAFE", "key of " + std::to_string(bad.size()) + " bytes");
  }
  WriteFile(key(), good);
  ExpectTokenAndAccountIntact();
}

TEST_F(KeyFault, KeyOrFolderReadableByOthersIsKeyUnsafe) {
  for (const auto mode : {0640, 0604, 0660, 0606, 0622, 0700, 0400 | 0004}) {
    ASSERT_EQ(::chmod(key().c_str(), static_cast<mode_t>(mode)), 0);
    if ((mode & 077) == 0) continue;  // 0700 is the owner's business (odd but safe)
    ExpectRefused("KEY_UNSAFE", "key mode " + std::to_string(mode));
  }
  ASSERT_EQ(::chmod(key().c_str(), 0600), 0);
  for (const auto mode : {0750, 0705, 0770, 0755}) {
    ASSERT_EQ(::chmod(state_.path().c_str(), static_cast<mode_t>(mode)), 0);
    ExpectRefused("KEY_UNSAFE", "state folder mode " + std::to_string(mode));
  }
  ASSERT_EQ(::chmod(state_.path().c_str(), 0700), 0);
  ExpectTokenAndAccountIntact();
}

TEST_F(KeyFault, KeyReplacedByALinkOrAFolderIsKeyUnsafe) {
  const fs::path saved = state_.scratch() / "saved-key";
  fs::rename(key(), saved);
  fs::create_symlink(saved, key());
  ExpectRefused("KEY_UNSAFE", "key is a symbolic link to the real key");
  fs::remove(key());
  fs::create_directory(key());
  ::chmod(key().c_str(), 0700);
  ExpectRefused("KEY_UNSAFE", "key is a folder");
  fs::remove(key());
  fs::rename(saved, key());
  ExpectTokenAndAccountIntact();
}

}  // namespace
}  // namespace zcrm::fault
