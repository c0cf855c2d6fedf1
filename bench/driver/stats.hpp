// Summaries of measured durations, and a host's figures set against the floor's from the same loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zcrm::bench {

struct Stats {
  std::size_t n = 0;
  double median = 0, p95 = 0, p99 = 0, mean = 0, min = 0, max = 0;  // microseconds
};

// Nearest-rank percentile (the smallest sample with at least p of all samples at or below it), in
// microseconds. `sorted_ns` is sorted and not empty; p is in (0, 1].
double Percentile(const std::vector<std::int64_t>& sorted_ns, double p);

// Durations in nanoseconds to microsecond figures; all zero for no samples. The median of an even count is
// the mean of the two middle samples.
Stats Summarize(std::vector<std::int64_t> ns);

// One figure for a host and for the floor, measured in the same loop.
struct Comparison {
  Stats host, floor;
  double ratio_median = 0, ratio_p95 = 0;
  long host_maxrss_kb = 0, floor_maxrss_kb = 0;  // wait4 ru_maxrss (see README: includes the spawner's pages)
};

Comparison Compare(std::vector<std::int64_t> host_ns, std::vector<std::int64_t> floor_ns);

}  // namespace zcrm::bench
