// store/windows/posix_io.cpp: the store's file helpers over Win32, with the errno and HostError codes the
// store's callers judge by on POSIX.
#include "store/posix_io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <string>

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

}  // namespace
}  // namespace zcrm::store::io
