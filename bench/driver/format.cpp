#include "format.hpp"

#include <cstdio>

namespace zcrm::bench {

std::string Fmt(const char* printf_format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, printf_format, v);
  return buf;
}

std::string Us(double us) {
  return us >= 1000 ? Fmt("%.2f ms", us / 1000) : Fmt("%.1f µs", us);
}

std::string Ratio(double r) {
  return Fmt("%.2f×", r);
}

std::string Mib(long kb) {
  return Fmt("%.2f MiB", static_cast<double>(kb) / 1024.0);
}

std::string WithSep(long n) {
  std::string s = std::to_string(n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ' ';
    out += s[i];
  }
  return out;
}

}  // namespace zcrm::bench
