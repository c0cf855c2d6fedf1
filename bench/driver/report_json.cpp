#include <cmath>
#include <nlohmann/json.hpp>

#include "report.hpp"

namespace zcrm::bench {
namespace {

// Insertion order kept: the fields come out in the order the README describes them.
using Json = nlohmann::ordered_json;

// Figures keep the precision they are measured with, not binary noise (1234.567, not 1234.5670000000002).
double Rounded(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

Json ToJson(const Stats& s) {
  return Json{{"n", s.n},
              {"median_us", Rounded(s.median, 3)},
              {"p95_us", Rounded(s.p95, 3)},
              {"p99_us", Rounded(s.p99, 3)},
              {"mean_us", Rounded(s.mean, 3)},
              {"min_us", Rounded(s.min, 3)},
              {"max_us", Rounded(s.max, 3)}};
}

Json ToJson(const Comparison& p) {
  Json j{{"host", ToJson(p.host)},
         {"floor", ToJson(p.floor)},
         {"ratio_median", Rounded(p.ratio_median, 4)},
         {"ratio_p95", Rounded(p.ratio_p95, 4)}};
  // Only cold runs are reaped by wait4, so only they have ru_maxrss.
  if (p.host_maxrss_kb) {
    j["host_ru_maxrss_kb"] = p.host_maxrss_kb;
    j["floor_ru_maxrss_kb"] = p.floor_maxrss_kb;
  }
  return j;
}

Json ToJson(const WarmResult& w) {
  Json j = ToJson(w.pair);
  j["host_peak_rss_kb"] = w.host_peak_rss_kb;
  j["floor_peak_rss_kb"] = w.floor_peak_rss_kb;
  return j;
}

Json ToJson(const Throughput& t) {
  return Json{{"procs", t.procs},
              {"ops", t.ops},
              {"seconds", Rounded(t.seconds, 3)},
              {"per_second", Rounded(t.per_second, 1)},
              {"latency", ToJson(t.latency)}};
}

Json ToJson(const SizeResult& r) {
  return Json{
      {"tokens", r.tokens},
      {"record_files", r.records},
      {"fill_seconds", Rounded(r.fill_seconds, 2)},
      {"cold", Json{{"hello", ToJson(r.cold_hello)}, {"token.get", ToJson(r.cold_token)}}},
      {"warm", Json{{"hello", ToJson(r.warm_hello)},
                    {"token.get", ToJson(r.warm_token)},
                    {"account.get", ToJson(r.warm_account)},
                    {"budget.reserve", ToJson(r.warm_reserve)},
                    {"token.get_for_origin", ToJson(r.warm_handout)}}},
      {"peak_rss_kb", Json{{"cold_token_get", r.cold_token_peak_kb}, {"cold_floor", r.cold_floor_peak_kb}}},
      {"writes", Json{{"host_1", ToJson(r.writes1)},
                      {"host_8", ToJson(r.writes8)},
                      {"disk_floor_1", ToJson(r.disk1)},
                      {"disk_floor_8", ToJson(r.disk8)}}}};
}

}  // namespace

std::string RenderJson(const Report& report) {
  const Options& opt = *report.options;
  Json targets = Json::array();
  for (const auto& t : report.targets) {
    targets.push_back(Json{{"figure", t.figure},
                           {"host", t.value},
                           {"floor", t.floor},
                           {"measured", t.measured},
                           {"target", t.limit},
                           {"pass", t.pass}});
  }
  Json vaults = Json::array();
  for (const auto& r : *report.vaults) vaults.push_back(ToJson(r));
  const Json out{{"machine", report.machine},
                 {"state_fs", report.state_fs},
                 {"load_average_1min", Json{{"start", report.load_start}, {"end", report.load_end}}},
                 {"mode", opt.quick ? "quick" : "full"},
                 {"note", opt.note},
                 {"runs", Json{{"cold", opt.cold_runs},
                               {"warm", opt.warm_runs},
                               {"reserve", opt.reserve_runs},
                               {"write_seconds", opt.write_seconds}}},
                 {"binary_bytes", Json{{"host_unstripped", report.binaries.host_unstripped},
                                       {"host_stripped", report.binaries.host_stripped},
                                       {"floor_unstripped", report.binaries.floor_unstripped},
                                       {"floor_stripped", report.binaries.floor_stripped}}},
                 {"targets", targets},
                 {"vaults", vaults},
                 {"seconds", Rounded(report.seconds, 1)}};
  // A note or a CPU name with invalid UTF-8 must not cost the whole run its report.
  return out.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace zcrm::bench
