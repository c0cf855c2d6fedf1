// store/windows/posix_io.cpp: the store's file helpers over Win32, with the errno and HostError codes the
// store's callers judge by on POSIX.
#include "store/posix_io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "error/host_error.hpp"
#include "store/windows/private_dir.hpp"
#include "temp_dir.hpp"

namespace zcrm::store::io {
namespace {

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

ErrorCode CodeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const HostError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no HostError";
  return ErrorCode::kInternal;
}

TEST(WindowsStoreIo, ExclusiveCreateRefusesAnExistingFileWithEexist) {
  test::TempDir dir;
  const auto path = dir.path() / "key";
  UniqueFd first = OpenNoFollow(path, O_WRONLY | O_CREAT | O_EXCL, "key file", "fix", 0600);
  ASSERT_TRUE(first);
  const UniqueFd second = OpenNoFollow(path, O_WRONLY | O_CREAT | O_EXCL, "key file", "fix", 0600);
  EXPECT_FALSE(second);
  EXPECT_EQ(errno, EEXIST);
}

TEST(WindowsStoreIo, AMissingFileIsEnoentAndReadsAsNothing) {
  test::TempDir dir;
  const UniqueFd fd = OpenNoFollow(dir.path() / "absent", O_RDONLY, "file", "fix");
  EXPECT_FALSE(fd);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(ReadFileIfExists(dir.path() / "absent", 100), std::nullopt);
}

TEST(WindowsStoreIo, WrittenBytesReadBackUnchangedInBinary) {
  test::TempDir dir;
  const auto path = dir.path() / "rec";
  const std::string bytes("\x00\x0a\x0d\x0a\x1a\xff tail", 11);  // text mode would rewrite or stop at these
  {
    UniqueFd fd = OpenNoFollow(path, O_WRONLY | O_CREAT | O_TRUNC, "record", "fix", 0600);
    ASSERT_TRUE(fd);
    WriteAll(fd.get(), Bytes(bytes), path);
  }
  const auto back = ReadFileIfExists(path, 1000);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(std::string(back->begin(), back->end()), bytes);
}

TEST(WindowsStoreIo, ReadingStopsJustPastTheBound) {
  test::TempDir dir;
  const auto path = dir.path() / "big";
  std::ofstream(path, std::ios::binary) << std::string(100000, 'x');
  const auto back = ReadFileIfExists(path, 10);
  ASSERT_TRUE(back.has_value());
  EXPECT_GT(back->size(), 10u);      // the caller sees it is over the bound
  EXPECT_LT(back->size(), 100000u);  // without the whole file in memory
}

TEST(WindowsStoreIo, PrivateFolderChecks) {
  test::TempDir dir;
  const auto state = dir.path() / "zcrm-bridge";
  EXPECT_FALSE(CheckPrivateDir(state, "state folder", Links::kFollow));  // not there yet
  EXPECT_TRUE(MakePrivateDir(state));
  EXPECT_TRUE(CheckPrivateDir(state, "state folder", Links::kRefuse));
  EXPECT_TRUE(Exists(state));
  EXPECT_FALSE(Exists(state / "nothing"));
  std::ofstream(dir.path() / "file") << "x";
  EXPECT_EQ(CodeOf([&] { CheckPrivateDir(dir.path() / "file", "state folder", Links::kFollow); }),
            ErrorCode::kStateUnavailable);
}

TEST(WindowsStoreIo, RemoveAndRenameReportErrnoLikeUnlinkAndRename) {
  test::TempDir dir;
  EXPECT_EQ(RemoveFile(dir.path() / "absent"), ENOENT);
  std::ofstream(dir.path() / "a") << "new";
  std::ofstream(dir.path() / "b") << "old";
  EXPECT_EQ(RenameFile(dir.path() / "a", dir.path() / "b"), 0);  // replaces, as rename(2) does
  EXPECT_FALSE(Exists(dir.path() / "a"));
  EXPECT_EQ(ReadFileIfExists(dir.path() / "b", 10), std::vector<std::uint8_t>({'n', 'e', 'w'}));
  EXPECT_EQ(RemoveFile(dir.path() / "b"), 0);
  EXPECT_FALSE(Exists(dir.path() / "b"));
}

TEST(WindowsStoreIo, InspectTellsAPrivateKeyFromOneOthersCanRead) {
  test::TempDir dir;
  const auto state = dir.path() / "zcrm-bridge";
  ASSERT_TRUE(MakePrivateDir(state));
  const auto key = state / "vault.key";
  {
    UniqueFd fd = OpenNoFollow(key, O_WRONLY | O_CREAT | O_EXCL, "key file", "fix", 0600);
    ASSERT_TRUE(fd);
    WriteAll(fd.get(), Bytes(std::string(32, 'k')), key);
  }
  UniqueFd fd = OpenNoFollow(key, O_RDONLY, "key file", "fix");
  ASSERT_TRUE(fd);
  const FileFacts facts = Inspect(fd.get(), key);
  EXPECT_TRUE(facts.regular);
  EXPECT_TRUE(facts.private_to_user);
  EXPECT_EQ(facts.size, 32u);
  EXPECT_NE(facts.make_private.find("icacls"), std::string::npos);

  // The same file in the shared temp folder, whose ACL lets other users in.
  const auto shared = dir.path() / "shared.key";
  std::ofstream(shared) << "x";
  UniqueFd shared_fd = OpenNoFollow(shared, O_RDONLY, "key file", "fix");
  ASSERT_TRUE(shared_fd);
  EXPECT_FALSE(Inspect(shared_fd.get(), shared).private_to_user) << *win::WhyNotPrivate(shared);
}

}  // namespace
}  // namespace zcrm::store::io
