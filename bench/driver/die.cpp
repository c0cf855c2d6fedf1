#include "die.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace zcrm::bench {

void Die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "driver: ");
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
  std::exit(1);
}

}  // namespace zcrm::bench
