// store/windows/atomic_file.cpp: all-or-nothing replacement with MoveFileExW.
#include "store/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "store/windows/private_dir.hpp"
#include "temp_dir.hpp"

namespace zcrm::store {
namespace {

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int Entries(const std::filesystem::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(WindowsReplaceFile, WritesANewFileByteForByte) {
  test::TempDir dir;
  const std::string binary("\x00\x0a\x0d\x1a\xff", 5);  // what text mode would rewrite
  ReplaceFile(dir.path(), "rec.zcb", Bytes(binary));
  EXPECT_EQ(Read(dir.path() / "rec.zcb"), binary);
  EXPECT_EQ(Entries(dir.path()), 1);  // no temp file left
  EXPECT_EQ(win::WhyNotPrivate(dir.path() / "rec.zcb"),
            std::nullopt);  // the user's alone, even in a shared folder
}

TEST(WindowsReplaceFile, ReplacesAnExistingFile) {
  test::TempDir dir;
  ReplaceFile(dir.path(), "rec.zcb", Bytes("old"));
  ReplaceFile(dir.path(), "rec.zcb", Bytes("new, longer"));
  EXPECT_EQ(Read(dir.path() / "rec.zcb"), "new, longer");
  EXPECT_EQ(Entries(dir.path()), 1);
}

TEST(WindowsReplaceFile, AFailureBeforeTheMoveLeavesTheOldFileAndNoTemp) {
  test::TempDir dir;
  ReplaceFile(dir.path(), "rec.zcb", Bytes("old"));
  EXPECT_THROW(ReplaceFile(dir.path(), "rec.zcb", Bytes("new"), [] { throw std::runtime_error("crash"); }),
               std::runtime_error);
  EXPECT_EQ(Read(dir.path() / "rec.zcb"), "old");
  EXPECT_EQ(Entries(dir.path()), 1);
}

}  // namespace
}  // namespace zcrm::store
