// store/windows/file_lock.cpp: LockFileEx with a bounded wait. LockFileEx locks belong to a handle, so two
// Acquire calls in one process contend exactly as two hosts would.
#include "store/file_lock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "error/host_error.hpp"
#include "temp_dir.hpp"
#include "under_wine.hpp"

namespace zcrm::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(WindowsFileLock, CreatesTheLockFileAndTakesItUncontended) {
  test::TempDir dir;
  const auto path = dir.path() / "lock";
  FileLock lock = FileLock::Acquire(path, milliseconds(100));
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(WindowsFileLock, AHeldLockEndsTheWaitAtTheDeadlineWithLockTimeout) {
  test::TempDir dir;
  const auto path = dir.path() / "lock";
  FileLock held = FileLock::Acquire(path, milliseconds(100));
  const auto start = steady_clock::now();
  try {
    FileLock::Acquire(path, milliseconds(300));
    FAIL() << "a second lock was granted while the first was held";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLockTimeout);
  }
  const auto waited = steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(290));   // it waited for the holder, not failed at once
  EXPECT_LT(waited, milliseconds(5000));  // and stopped at the deadline, not when the holder let go
}

TEST(WindowsFileLock, AWaiterGetsTheLockOnceTheHolderLetsGo) {
  test::TempDir dir;
  const auto path = dir.path() / "lock";
  std::optional<FileLock> held = FileLock::Acquire(path, milliseconds(100));
  bool granted = false;
  std::thread waiter([&] {
    FileLock lock = FileLock::Acquire(path, milliseconds(20000));
    granted = true;
  });
  held.reset();  // whether the waiter is already queued or not, it must get the lock
  waiter.join();
  EXPECT_TRUE(granted);
}

TEST(WindowsFileLock, ReleasedOnDestructionAndMove) {
  test::TempDir dir;
  const auto path = dir.path() / "lock";
  {
    FileLock first = FileLock::Acquire(path, milliseconds(100));
    FileLock moved = std::move(first);
  }
  FileLock again = FileLock::Acquire(path, milliseconds(100));
}

TEST(WindowsFileLock, ALinkInPlaceOfTheLockFileIsKeyUnsafe) {
  test::TempDir dir;
  const auto target = dir.path() / "elsewhere";
  const auto path = dir.path() / "lock";
  if (test::UnderWine()) {
    // Wine makes a Unix symbolic link, which it reports as a plain file and follows whatever the flags.
    GTEST_SKIP() << "wine shows no reparse point for a symbolic link; needs Windows";
  }
  if (!::CreateSymbolicLinkW(path.c_str(), target.c_str(), SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE)) {
    GTEST_SKIP() << "this system lets the test make no symbolic link (error " << ::GetLastError() << ")";
  }
  try {
    FileLock::Acquire(path, milliseconds(100));
    FAIL() << "the lock went through a symbolic link";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyUnsafe);
  }
  EXPECT_FALSE(std::filesystem::exists(target));  // nothing was created where the link points
}

}  // namespace
}  // namespace zcrm::store
