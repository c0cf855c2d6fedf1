// The test build's clock (zcrm-bridge-testclock only; never compiled into the shipped zcrm-bridge, which a
// browser starts with an environment of its choosing). When the environment names a clock file, the host's
// wall clock (clock::NowMs) reads the time from that file at every look, so a test moves time by rewriting
// it instead of sleeping.
#pragma once

namespace zcrm::test_clock {

// The variable naming the clock file. The file holds one decimal number: milliseconds since the Unix epoch.
inline constexpr const char* kClockFileVariable = "ZCRM_TEST_CLOCK_FILE";

// Replaces the wall clock when kClockFileVariable is set; otherwise the host keeps the system clock. A clock
// file that cannot be read or holds anything but a number stops the host (abort): a test must never run on
// real time by mistake.
void InstallFromEnvironment();

}  // namespace zcrm::test_clock
