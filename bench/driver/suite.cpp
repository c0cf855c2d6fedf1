#include "suite.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "clock.hpp"
#include "die.hpp"
#include "requests.hpp"

namespace zcrm::bench {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) Die("cannot write %s", path.c_str());
}

long CountRecords(const std::string& vault_dir) {
  DIR* d = opendir(vault_dir.c_str());
  if (!d) Die("cannot list %s", vault_dir.c_str());
  long n = 0;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".zcb") == 0) ++n;
  }
  closedir(d);
  return n;
}

// token.store for client IDs 1000.F<from> .. 1000.F<to-1> through one host, a window of requests in flight.
void FillTokens(const Program& host, long from, long to) {
  if (to <= from) return;
  Child c = Spawn(host);
  constexpr long kWindow = 32;
  long next = from, done = 0;
  const long total = to - from;
  while (next < to && next - from < kWindow) SendFrame(c, StoreFillerTokenRequest(next++));
  while (done < total) {
    CheckOk(ReceiveFrame(c), "host (filling the vault)");
    ++done;
    if (next < to) SendFrame(c, StoreFillerTokenRequest(next++));
  }
  CloseInput(c);
  FinishChild(c, "host (filling the vault)");
}

void SeedFirstVault(const std::string& state, const Program& host) {
  if (mkdir(state.c_str(), 0700) != 0) Die("%s must not exist yet", state.c_str());
  WriteFile(state + "/config.json", BenchConfig());
  ColdOnce(host, StoreOwnTokenRequest(1), "host (seed token.store)", true);
  ColdOnce(host, ChooseAccountRequest(), "host (seed account.choose)", true);
  std::string hello;
  ColdOnce(host, HelloRequest(1), "host (hello)", true, &hello);
  CheckHelloNamesCaller(hello);
}

}  // namespace

Programs MakePrograms(const Options& opt) {
  const std::string caller = std::string("chrome-extension://") + kExtensionId + "/";
  Programs p;
  for (int size : opt.sizes) {
    p.states.push_back(opt.work + "/state-" + std::to_string(size));
    p.hosts.push_back(Program{opt.host, {caller}, EnvWith(p.states.back())});
  }
  p.floor = Program{opt.floor, {caller}, EnvWith(p.states.front())};
  return p;
}

std::vector<SizeResult> PrepareVaults(const Options& opt, const Programs& programs) {
  std::vector<SizeResult> results(opt.sizes.size());
  for (std::size_t v = 0; v < opt.sizes.size(); ++v) {
    SizeResult& r = results[v];
    r.tokens = opt.sizes[v];
    const std::int64_t f0 = NowNs();
    if (v == 0) {
      SeedFirstVault(programs.states[0], programs.hosts[0]);
      FillTokens(programs.hosts[0], 1, r.tokens);
    } else {
      std::error_code ec;
      std::filesystem::copy(programs.states[v - 1], programs.states[v],
                            std::filesystem::copy_options::recursive, ec);
      if (ec) Die("copy %s: %s", programs.states[v - 1].c_str(), ec.message().c_str());
      // F<previous size> .. F<size-1>: with the seed, `size` tokens in all
      FillTokens(programs.hosts[v], std::max(1, opt.sizes[v - 1]), r.tokens);
    }
    r.fill_seconds = static_cast<double>(NowNs() - f0) / 1e9;
    r.records = CountRecords(programs.states[v] + "/vault");
    std::fprintf(stderr, "vault of %d token(s) ready: %ld record files (filling took %.1f s)\n", r.tokens,
                 r.records, r.fill_seconds);
  }
  return results;
}

// The floor and every vault size in the same loop.
void MeasureReads(const Options& opt, const Programs& programs, std::vector<SizeResult>& results) {
  const auto& hosts = programs.hosts;
  if (opt.cold) {
    std::fprintf(stderr, "cold hello ×%d (floor and %zu hosts interleaved)\n", opt.cold_runs, hosts.size());
    auto hello = Cold(hosts, programs.floor, HelloRequest(1), opt.cold_runs, "cold hello");
    std::fprintf(stderr, "cold token.get ×%d\n", opt.cold_runs);
    auto token = Cold(hosts, programs.floor, TokenGetRequest(1), opt.cold_runs, "cold token.get");
    for (std::size_t v = 0; v < hosts.size(); ++v) {
      results[v].cold_hello = hello[v];
      results[v].cold_token = token[v];
    }
  }
  for (std::size_t v = 0; v < hosts.size(); ++v) {
    results[v].cold_token_peak_kb = ColdPeakRss(hosts[v], TokenGetRequest(1), opt.rss_runs, true);
    results[v].cold_floor_peak_kb = ColdPeakRss(programs.floor, TokenGetRequest(1), opt.rss_runs, false);
  }
  if (opt.warm) {
    std::fprintf(stderr, "warm hello, token.get, account.get ×%d (floor and %zu hosts interleaved)\n",
                 opt.warm_runs, hosts.size());
    auto hello = Warm(hosts, programs.floor, HelloRequest, opt.warm_runs, "warm hello");
    auto token = Warm(hosts, programs.floor, TokenGetRequest, opt.warm_runs, "warm token.get");
    auto account = Warm(hosts, programs.floor, AccountGetRequest, opt.warm_runs, "warm account.get");
    for (std::size_t v = 0; v < hosts.size(); ++v) {
      results[v].warm_hello = hello[v];
      results[v].warm_token = token[v];
      results[v].warm_account = account[v];
    }
  }
}

// One vault at a time: writes are bound by the disk, not by noise.
void MeasureWrites(const Options& opt, const Programs& programs, std::vector<SizeResult>& results) {
  for (std::size_t v = 0; v < programs.hosts.size(); ++v) {
    SizeResult& r = results[v];
    const Program& host = programs.hosts[v];
    if (opt.reserve) {
      std::fprintf(stderr, "vault of %d: warm budget.reserve ×%d (each one a durable write)\n", r.tokens,
                   opt.reserve_runs);
      r.warm_reserve =
          Warm({host}, programs.floor, BudgetReserveRequest, opt.reserve_runs, "warm budget.reserve")[0];
      std::fprintf(stderr,
                   "vault of %d: warm token.get with for_origin ×%d (each one a durable hand-out record)\n",
                   r.tokens, opt.reserve_runs);
      r.warm_handout = Warm({host}, programs.floor, TokenGetForOriginRequest, opt.reserve_runs,
                            "warm token.get for_origin")[0];
    }
    if (opt.writes) {
      std::fprintf(stderr,
                   "vault of %d: durable writes, 1 and 8 processes, %.1f s each, and the disk floor\n",
                   r.tokens, opt.write_seconds);
      r.disk1 = DiskFloor(opt.work + "/disk-floor", 1, opt.write_seconds);
      r.writes1 = Writes(host, 1, opt.write_seconds, StoreWriterTokenRequest);
      r.disk8 = DiskFloor(opt.work + "/disk-floor", 8, opt.write_seconds);
      r.writes8 = Writes(host, 8, opt.write_seconds, StoreWriterTokenRequest);
    }
  }
}

}  // namespace zcrm::bench
