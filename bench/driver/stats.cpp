#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace zcrm::bench {

double Percentile(const std::vector<std::int64_t>& sorted_ns, double p) {
  const auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted_ns.size())));
  return static_cast<double>(sorted_ns[std::min(sorted_ns.size() - 1, idx == 0 ? 0 : idx - 1)]) / 1000.0;
}

Stats Summarize(std::vector<std::int64_t> ns) {
  Stats s;
  if (ns.empty()) return s;
  std::sort(ns.begin(), ns.end());
  s.n = ns.size();
  const std::size_t mid = ns.size() / 2;
  s.median = (ns.size() % 2 ? static_cast<double>(ns[mid])
                            : (static_cast<double>(ns[mid - 1]) + static_cast<double>(ns[mid])) / 2.0) /
             1000.0;
  s.p95 = Percentile(ns, 0.95);
  s.p99 = Percentile(ns, 0.99);
  double sum = 0;
  for (auto v : ns) sum += static_cast<double>(v);
  s.mean = sum / static_cast<double>(ns.size()) / 1000.0;
  s.min = static_cast<double>(ns.front()) / 1000.0;
  s.max = static_cast<double>(ns.back()) / 1000.0;
  return s;
}

Comparison Compare(std::vector<std::int64_t> host_ns, std::vector<std::int64_t> floor_ns) {
  Comparison r;
  r.host = Summarize(std::move(host_ns));
  r.floor = Summarize(std::move(floor_ns));
  r.ratio_median = r.host.median / r.floor.median;
  r.ratio_p95 = r.host.p95 / r.floor.p95;
  return r;
}

}  // namespace zcrm::bench
