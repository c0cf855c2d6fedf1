// The one place the host reads the wall clock (token expiry, budgets, blocks, log times, status). Deadlines
// on real waits (the lock, the keyring helper, doctor's probe) use std::chrono::steady_clock directly: they
// measure how long this process waited, which no test clock may shorten.
#pragma once

#include <cstdint>

namespace zcrm::clock {

// Milliseconds since the Unix epoch.
std::int64_t NowMs();

// Where NowMs() reads the time; the system clock unless replaced. Only the test build of the host
// (zcrm-bridge-testclock, host/test_clock/) replaces it, once, before anything reads the time: the shipped
// binary contains no code that would.
using WallClockSource = std::int64_t (*)();
void ReplaceSource(WallClockSource source);

}  // namespace zcrm::clock
