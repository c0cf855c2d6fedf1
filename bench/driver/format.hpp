// How the report prints numbers: one place, so the Markdown and the targets read alike.
#pragma once

#include <string>

namespace zcrm::bench {

std::string Fmt(const char* printf_format, double v);
std::string Us(double microseconds);  // "52.7 µs", or "5.21 ms" from 1 ms up
std::string Ratio(double r);          // "1.35×"
std::string Mib(long kib);            // "2.43 MiB"
std::string WithSep(long n);          // "20 000"

}  // namespace zcrm::bench
