// The benchmark's one way to fail: a line on stderr and exit status 1, which run.sh reports as "could not
// run".
#pragma once

namespace zcrm::bench {

[[noreturn]] void Die(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace zcrm::bench
