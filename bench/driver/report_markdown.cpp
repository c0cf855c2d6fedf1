#include <sstream>

#include "format.hpp"
#include "report.hpp"

namespace zcrm::bench {
namespace {

std::string Tokens(int n) {
  return WithSep(n) + (n == 1 ? " token" : " tokens");
}

void Header(std::ostringstream& md, const Report& report) {
  const Options& opt = *report.options;
  md << "# zcrm-bridge host benchmark\n\n";
  md << "Machine: " << report.machine << "; state directories on " << report.state_fs
     << "; 1-minute load average " << report.load_start << " at the start, " << report.load_end
     << " at the end. Mode: "
     << (opt.quick ? "**quick (smoke test: too few runs for the numbers to mean anything)**" : "full") << ".";
  if (!opt.note.empty()) md << " " << opt.note;
  md << "\n\nRuns: cold " << opt.cold_runs << " per figure, warm " << WithSep(opt.warm_runs)
     << " round trips (" << WithSep(opt.reserve_runs)
     << " for `budget.reserve` and for `token.get` with `for_origin`, each a durable write), durable writes "
     << Fmt("%.1f", opt.write_seconds)
     << " s per figure. Floor = `bench/echo_floor.c`. Cold and warm reads run the floor"
     << " and a host on each vault size in one loop, one after the other in rotating order, so all share the "
        "same"
     << " machine noise; writes run one vault at a time. Times are medians unless marked p95.\n\n";
}

void TargetTable(std::ostringstream& md, const std::vector<Target>& targets) {
  md << "## Targets\n\n| figure | host | floor | measured | target | result |\n|---|---|---|---|---|---|\n";
  for (const auto& t : targets) {
    md << "| " << t.figure << " | " << t.value << " | " << t.floor << " | " << t.measured << " | " << t.limit
       << " | " << (t.pass ? "PASS" : "**MISS**") << " |\n";
  }
}

void VaultSection(std::ostringstream& md, const SizeResult& r) {
  md << "\n## Vault with " << Tokens(r.tokens) << " (" << WithSep(r.records) << " record files)\n\n";
  md << "| figure | host median | host p95 | floor median | floor p95 | ratio median | ratio p95 |\n"
        "|---|---|---|---|---|---|---|\n";
  auto row = [&](const std::string& name, const Comparison& p) {
    md << "| " << name << " | " << Us(p.host.median) << " | " << Us(p.host.p95) << " | " << Us(p.floor.median)
       << " | " << Us(p.floor.p95) << " | " << Ratio(p.ratio_median) << " | " << Ratio(p.ratio_p95) << " |\n";
  };
  row("cold `hello`", r.cold_hello);
  row("cold `token.get`", r.cold_token);
  row("warm `hello`", r.warm_hello.pair);
  row("warm `token.get`", r.warm_token.pair);
  row("warm `account.get`", r.warm_account.pair);
  row("warm `budget.reserve` (durable)", r.warm_reserve.pair);
  row("warm `token.get` with `for_origin` (durable hand-out record)", r.warm_handout.pair);
  md << "\n| durable writes (`token.store`) | per second | latency median | latency p95 | disk floor per "
        "second | host ÷ disk floor |\n"
        "|---|---|---|---|---|---|\n";
  auto wrow = [&](const Throughput& h, const Throughput& d) {
    md << "| " << h.procs << (h.procs == 1 ? " process" : " processes at once") << " | "
       << Fmt("%.0f", h.per_second) << " | " << Us(h.latency.median) << " | " << Us(h.latency.p95) << " | "
       << Fmt("%.0f", d.per_second) << " | " << Fmt("%.2f", h.per_second / d.per_second) << " |\n";
  };
  wrow(r.writes1, r.disk1);
  wrow(r.writes8, r.disk8);
  md << "\nPeak RSS (VmHWM): cold `token.get` " << Mib(r.cold_token_peak_kb) << " (floor "
     << Mib(r.cold_floor_peak_kb) << "); warm sessions: `hello` " << Mib(r.warm_hello.host_peak_rss_kb)
     << ", `token.get` " << Mib(r.warm_token.host_peak_rss_kb) << ", `account.get` "
     << Mib(r.warm_account.host_peak_rss_kb) << ", `budget.reserve` " << Mib(r.warm_reserve.host_peak_rss_kb)
     << " (floor " << Mib(r.warm_hello.floor_peak_rss_kb) << "). wait4 ru_maxrss of cold `token.get`: host "
     << Mib(r.cold_token.host_maxrss_kb) << ", floor " << Mib(r.cold_token.floor_maxrss_kb)
     << " (inflated by the spawner's own pages).\n";
}

void GrowthTable(std::ostringstream& md, const std::vector<SizeResult>& results) {
  md << "\n## Growth with vault size (median, and its ratio to the floor of the same loop)\n\n| figure |";
  for (const auto& r : results) md << " " << Tokens(r.tokens) << " |";
  md << "\n|---|";
  for (std::size_t i = 0; i < results.size(); ++i) md << "---|";
  md << "\n";
  auto grow = [&](const std::string& name, auto get) {
    md << "| " << name << " |";
    for (const auto& r : results) {
      const Comparison& p = get(r);
      md << " " << Us(p.host.median) << " (" << Ratio(p.ratio_median) << ") |";
    }
    md << "\n";
  };
  grow("cold `hello`", [](const SizeResult& r) -> const Comparison& { return r.cold_hello; });
  grow("cold `token.get`", [](const SizeResult& r) -> const Comparison& { return r.cold_token; });
  grow("warm `hello`", [](const SizeResult& r) -> const Comparison& { return r.warm_hello.pair; });
  grow("warm `token.get`", [](const SizeResult& r) -> const Comparison& { return r.warm_token.pair; });
  grow("warm `account.get`", [](const SizeResult& r) -> const Comparison& { return r.warm_account.pair; });
  grow("warm `budget.reserve`", [](const SizeResult& r) -> const Comparison& { return r.warm_reserve.pair; });
  grow("warm `token.get` with `for_origin`",
       [](const SizeResult& r) -> const Comparison& { return r.warm_handout.pair; });
  md << "| `token.store` per second, 1 process |";
  for (const auto& r : results) md << " " << Fmt("%.0f", r.writes1.per_second) << " |";
  md << "\n| `token.store` per second, 8 processes |";
  for (const auto& r : results) md << " " << Fmt("%.0f", r.writes8.per_second) << " |";
  md << "\n| peak RSS, cold `token.get` |";
  for (const auto& r : results) md << " " << Mib(r.cold_token_peak_kb) << " |";
  md << "\n| peak RSS, warm `token.get` session |";
  for (const auto& r : results) md << " " << Mib(r.warm_token.host_peak_rss_kb) << " |";
  md << "\n";
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  const std::vector<SizeResult>& results = *report.vaults;
  std::ostringstream md;
  Header(md, report);
  TargetTable(md, report.targets);
  for (const auto& r : results) VaultSection(md, r);
  if (results.size() > 1) GrowthTable(md, results);
  const BinarySizes& b = report.binaries;
  md << "\nBinary size: host " << WithSep(b.host_unstripped) << " bytes (" << WithSep(b.host_stripped)
     << " stripped); floor " << WithSep(b.floor_unstripped) << " bytes (" << WithSep(b.floor_stripped)
     << " stripped).\n";
  std::size_t met = 0;
  for (const auto& t : report.targets) met += t.pass ? 1 : 0;
  md << "\nTargets met: " << met << " of " << report.targets.size() << ". The host benchmark took "
     << Fmt("%.0f", report.seconds) << " s.\n";
  return md.str();
}

}  // namespace zcrm::bench
