#include "reads.hpp"

#include <algorithm>

#include "clock.hpp"
#include "requests.hpp"

namespace zcrm::bench {

std::int64_t ColdOnce(const Program& p, const std::string& body, const std::string& what, bool expect_ok,
                      std::string* answer_out, long* maxrss_kb) {
  const std::int64_t t0 = NowNs();
  Child c = Spawn(p);
  SendFrame(c, body);
  CloseInput(c);
  std::string answer = ReceiveFrame(c);
  rusage ru{};
  FinishChild(c, what, &ru);
  const std::int64_t t1 = NowNs();
  if (expect_ok) CheckOk(answer, what);
  if (answer_out) *answer_out = std::move(answer);
  if (maxrss_kb) *maxrss_kb = ru.ru_maxrss;
  return t1 - t0;
}

std::vector<Comparison> Cold(const std::vector<Program>& hosts, const Program& floor, const std::string& body,
                             int runs, const std::string& name) {
  const std::size_t n = hosts.size() + 1;  // slot 0 is the floor
  std::vector<std::vector<std::int64_t>> t(n);
  std::vector<long> peak(n, 0);
  auto run = [&](std::size_t k, bool timed) {
    long rss = 0;
    const bool host = k > 0;
    const std::int64_t ns = ColdOnce(host ? hosts[k - 1] : floor, body,
                                     host ? "host (" + name + ")" : "floor", host, nullptr, &rss);
    if (timed) {
      t[k].push_back(ns);
      peak[k] = std::max(peak[k], rss);
    }
  };
  // Warm the page cache and the dynamic loader's files for all of them before timing anything.
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < n; ++k) run(k, false);
  }
  for (int i = 0; i < runs; ++i) {
    for (std::size_t j = 0; j < n; ++j) run((static_cast<std::size_t>(i) + j) % n, true);
  }
  std::vector<Comparison> out;
  for (std::size_t k = 1; k < n; ++k) {
    Comparison r = Compare(t[k], t[0]);
    r.host_maxrss_kb = peak[k];
    r.floor_maxrss_kb = peak[0];
    out.push_back(r);
  }
  return out;
}

// The processes are restarted every block of requests: a process keeps the CPU the scheduler first gave it,
// and on a shared machine one CPU can be much busier than another, so a single long session can be slow (or
// fast) for placement reasons alone. Twenty fresh placements average that out. Peak RSS is the highest of all
// sessions.
std::vector<WarmResult> Warm(const std::vector<Program>& hosts, const Program& floor,
                             const RequestBody& request, int runs, const std::string& name) {
  const std::size_t n = hosts.size() + 1;  // slot 0 is the floor
  std::vector<std::vector<std::int64_t>> t(n);
  for (auto& v : t) v.reserve(static_cast<std::size_t>(runs));
  std::vector<long> peak(n, 0);
  const int blocks = std::max(1, std::min(20, runs / 50));
  long seq = 0;
  for (int b = 0; b < blocks; ++b) {
    const int count = runs / blocks + (b < runs % blocks ? 1 : 0);
    std::vector<Child> kids;
    kids.push_back(Spawn(floor));
    for (const auto& h : hosts) kids.push_back(Spawn(h));
    // The first requests of a session fault in its pages and, for a host, open the vault.
    const int warmup = 20;
    for (int i = -warmup; i < count; ++i) {
      const std::string body = request(++seq);
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t k = (static_cast<std::size_t>(i + warmup) + j) % n;
        const std::int64_t t0 = NowNs();
        SendFrame(kids[k], body);
        const std::string answer = ReceiveFrame(kids[k]);
        const std::int64_t ns = NowNs() - t0;
        if (k > 0) CheckOk(answer, "host (" + name + ")");
        if (i >= 0) t[k].push_back(ns);
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      peak[k] = std::max(peak[k], PeakRssKb(kids[k].pid));
      CloseInput(kids[k]);
      FinishChild(kids[k], k == 0 ? "floor" : "host (" + name + ")");
    }
  }
  std::vector<WarmResult> out;
  for (std::size_t k = 1; k < n; ++k) {
    WarmResult r;
    r.pair = Compare(t[k], t[0]);
    r.host_peak_rss_kb = peak[k];
    r.floor_peak_rss_kb = peak[0];
    out.push_back(r);
  }
  return out;
}

// Unlike wait4's ru_maxrss, VmHWM is not inflated by the spawning process's own pages (posix_spawn shares
// them until exec).
long ColdPeakRss(const Program& p, const std::string& body, int runs, bool expect_ok) {
  long peak = 0;
  for (int i = 0; i < runs; ++i) {
    Child c = Spawn(p);
    SendFrame(c, body);
    const std::string answer = ReceiveFrame(c);
    if (expect_ok) CheckOk(answer, "host (peak RSS)");
    peak = std::max(peak, PeakRssKb(c.pid));
    CloseInput(c);
    FinishChild(c, "peak RSS run");
  }
  return peak;
}

}  // namespace zcrm::bench
