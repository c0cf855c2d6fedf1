#include "targets.hpp"

#include <algorithm>
#include <cmath>

#include "format.hpp"

namespace zcrm::bench {

std::vector<Target> JudgeTargets(const Options& opt, const std::vector<SizeResult>& results) {
  const SizeResult& base = results.front();
  const SizeResult& big = results.back();
  std::vector<Target> targets;
  auto ratio_target = [&](const std::string& figure, const Comparison& p, double limit) {
    targets.push_back({figure, Us(p.host.median), Us(p.floor.median), Ratio(p.ratio_median),
                       "≤ " + Fmt("%.1f", limit) + "×", p.ratio_median <= limit});
  };
  if (opt.cold) {
    ratio_target("cold `hello` (start, 1 frame, exit), median", base.cold_hello, 1.3);
    ratio_target("cold `token.get` (start, 1 frame, exit), median", base.cold_token, 1.6);
  }
  if (opt.warm) {
    ratio_target("warm `hello` round trip, median", base.warm_hello.pair, 2.0);
    ratio_target("warm `token.get` round trip, median", base.warm_token.pair, 4.0);
  }
  constexpr long kRssLimitKb = 6 * 1024;
  targets.push_back({"peak RSS, cold `token.get` process (VmHWM)", Mib(base.cold_token_peak_kb),
                     Mib(base.cold_floor_peak_kb), "–", "≤ 6 MiB", base.cold_token_peak_kb <= kRssLimitKb});
  const long warm_peak = std::max({base.warm_hello.host_peak_rss_kb, base.warm_token.host_peak_rss_kb,
                                   base.warm_account.host_peak_rss_kb, base.warm_reserve.host_peak_rss_kb,
                                   base.warm_handout.host_peak_rss_kb});
  if (opt.warm) {
    targets.push_back({"peak RSS, warm session (VmHWM after " + WithSep(opt.warm_runs) + " requests)",
                       Mib(warm_peak), Mib(base.warm_hello.floor_peak_rss_kb), "–", "≤ 6 MiB",
                       warm_peak <= kRssLimitKb});
  }
  if (results.size() > 1) {
    // Both vaults were measured in the same loop, so their medians compare directly.
    auto growth = [&](const std::string& figure, const Comparison& small, const Comparison& large) {
      const double g = large.host.median / small.host.median;
      targets.push_back({figure + " with " + WithSep(big.tokens) + " tokens vs " + WithSep(base.tokens),
                         Us(large.host.median) + " vs " + Us(small.host.median), "–",
                         Fmt("%+.1f %%", (g - 1) * 100), "within ±20 %", std::fabs(g - 1) <= 0.20});
    };
    if (opt.cold) growth("cold `token.get`", base.cold_token, big.cold_token);
    if (opt.warm) growth("warm `token.get`", base.warm_token.pair, big.warm_token.pair);
  }
  return targets;
}

}  // namespace zcrm::bench
