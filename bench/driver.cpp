// Benchmark driver for the zcrm-bridge host (see bench/README.md). Measures the host against the minimal C
// echo host (bench/echo_floor.c) in the same run, interleaved, and writes a Markdown table and a JSON twin.
//
//   driver --host PATH --floor PATH --work DIR --json FILE --md FILE [--quick] [--sizes 1,100,10000]
//          [--cold-runs N] [--warm-runs N] [--reserve-runs N] [--write-seconds S]
//
// Everything happens in --work (a temp dir): the state dirs, the disk-floor files, the host's stderr log.
// Timing uses CLOCK_MONOTONIC. Nothing is pinned; host and floor alternate run by run so noise hits both.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

constexpr const char* kExtensionId = "mciafbmjacfgnhggggcgpdideanjcieg";
constexpr const char* kClientId = "1000.BENCH";

[[noreturn]] void Die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "driver: ");
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
  std::exit(1);
}

std::int64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Request templates: {i} is the running index, {k} the index modulo the rotation.
std::string Fill(const std::string& tmpl, long i, long rotate = 1) {
  return Replace(Replace(tmpl, "{i}", std::to_string(i)), "{k}", std::to_string(rotate > 0 ? i % rotate : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Processes and frames

struct Child {
  pid_t pid = -1;
  int in = -1;   // our end of the child's stdin
  int out = -1;  // our end of the child's stdout
};

struct Program {
  std::string path;
  std::vector<std::string> args;  // argv[1..]
  std::vector<std::string> env;   // full environment, NAME=value
};

std::string g_stderr_log = "/dev/null";

Child Spawn(const Program& p) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) Die("pipe: %s", std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, g_stderr_log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(p.path.c_str()));
  for (const auto& a : p.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : p.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  Child c;
  const int rc = posix_spawn(&c.pid, p.path.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) Die("spawn %s: %s", p.path.c_str(), std::strerror(rc));
  close(in[0]);
  close(out[1]);
  c.in = in[1];
  c.out = out[0];
  return c;
}

void WriteAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t put = write(fd, data, n);
    if (put > 0) {
      data += put;
      n -= static_cast<std::size_t>(put);
    } else if (put < 0 && errno == EINTR) {
      continue;
    } else {
      Die("write to a child: %s", std::strerror(errno));
    }
  }
}

bool ReadAll(int fd, char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t got = read(fd, data, n);
    if (got > 0) {
      data += got;
      n -= static_cast<std::size_t>(got);
    } else if (got < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

std::string Frame(const std::string& body) {
  const auto len = static_cast<std::uint32_t>(body.size());
  std::string f(4, '\0');
  std::memcpy(f.data(), &len, 4);
  return f + body;
}

std::string ReadFrame(int fd) {
  std::uint32_t len = 0;
  if (!ReadAll(fd, reinterpret_cast<char*>(&len), 4)) Die("a child closed its output before answering");
  if (len > (1u << 20)) Die("a child answered a frame of %u bytes", len);
  std::string body(len, '\0');
  if (!ReadAll(fd, body.data(), len)) Die("a child closed its output inside a frame");
  return body;
}

int Reap(Child& c, rusage* ru = nullptr) {
  if (c.in >= 0) close(c.in);
  if (c.out >= 0) close(c.out);
  c.in = c.out = -1;
  int status = 0;
  rusage local{};
  while (wait4(c.pid, &status, 0, ru ? ru : &local) < 0) {
    if (errno != EINTR) Die("wait: %s", std::strerror(errno));
  }
  return status;
}

// Waits for EOF on the child's output (it has exited or is about to) and reaps it; the exit must be 0.
void FinishChild(Child& c, const std::string& what, rusage* ru = nullptr) {
  char extra[256];
  ssize_t n;
  while ((n = read(c.out, extra, sizeof extra)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Die("%s: read: %s", what.c_str(), std::strerror(errno));
    Die("%s wrote bytes after its answer", what.c_str());
  }
  const int status = Reap(c, ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("%s exited with status 0x%x", what.c_str(), status);
}

void CheckOk(const std::string& answer, const std::string& what) {
  if (answer.find("\"ok\":true") == std::string::npos) Die("%s answered: %s", what.c_str(), answer.c_str());
}

// VmHWM (peak resident set) of a live process, in KiB.
long PeakRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  Die("no VmHWM for pid %d", pid);
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics

struct Stats {
  std::size_t n = 0;
  double median = 0, p95 = 0, p99 = 0, mean = 0, min = 0, max = 0;  // microseconds
};

double Rank(const std::vector<std::int64_t>& sorted, double p) {
  const auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::min(sorted.size() - 1, idx == 0 ? 0 : idx - 1)]) / 1000.0;
}

Stats Summarize(std::vector<std::int64_t> ns) {
  Stats s;
  if (ns.empty()) return s;
  std::sort(ns.begin(), ns.end());
  s.n = ns.size();
  // Median: the mean of the two middle values for an even count.
  const std::size_t mid = ns.size() / 2;
  s.median = (ns.size() % 2 ? static_cast<double>(ns[mid])
                            : (static_cast<double>(ns[mid - 1]) + static_cast<double>(ns[mid])) / 2.0) /
             1000.0;
  s.p95 = Rank(ns, 0.95);
  s.p99 = Rank(ns, 0.99);
  double sum = 0;
  for (auto v : ns) sum += static_cast<double>(v);
  s.mean = sum / static_cast<double>(ns.size()) / 1000.0;
  s.min = static_cast<double>(ns.front()) / 1000.0;
  s.max = static_cast<double>(ns.back()) / 1000.0;
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

// One sendNativeMessage-style run: start, one frame, EOF, answer, exit. Returns nanoseconds.
std::int64_t ColdOnce(const Program& p, const std::string& frame, const std::string& what, bool expect_ok,
                      std::string* answer_out = nullptr, long* maxrss_kb = nullptr) {
  const std::int64_t t0 = NowNs();
  Child c = Spawn(p);
  WriteAll(c.in, frame.data(), frame.size());
  close(c.in);
  c.in = -1;
  std::string answer = ReadFrame(c.out);
  rusage ru{};
  FinishChild(c, what, &ru);
  const std::int64_t t1 = NowNs();
  if (expect_ok) CheckOk(answer, what);
  if (answer_out) *answer_out = std::move(answer);
  if (maxrss_kb) *maxrss_kb = ru.ru_maxrss;
  return t1 - t0;
}

struct Pair {
  Stats host, floor;
  double ratio_median = 0, ratio_p95 = 0;
  long host_maxrss_kb = 0, floor_maxrss_kb = 0;  // wait4 ru_maxrss (see README: includes the spawner's pages)
};

Pair Finish(std::vector<std::int64_t> host, std::vector<std::int64_t> floor) {
  Pair r;
  r.host = Summarize(std::move(host));
  r.floor = Summarize(std::move(floor));
  r.ratio_median = r.host.median / r.floor.median;
  r.ratio_p95 = r.host.p95 / r.floor.p95;
  return r;
}

// Cold runs of the floor and of every host (one per vault size), in one loop: each iteration runs each
// program once, starting with a different one each time, so machine noise and drift fall on all of them
// alike.
std::vector<Pair> Cold(const std::vector<Program>& hosts, const Program& floor, const std::string& body,
                       int runs, const std::string& name) {
  const std::string frame = Frame(body);
  const std::size_t n = hosts.size() + 1;  // slot 0 is the floor
  std::vector<std::vector<std::int64_t>> t(n);
  std::vector<long> peak(n, 0);
  auto run = [&](std::size_t k, bool timed) {
    long rss = 0;
    const bool host = k > 0;
    const std::int64_t ns = ColdOnce(host ? hosts[k - 1] : floor, frame,
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
  std::vector<Pair> out;
  for (std::size_t k = 1; k < n; ++k) {
    Pair r = Finish(t[k], t[0]);
    r.host_maxrss_kb = peak[k];
    r.floor_maxrss_kb = peak[0];
    out.push_back(r);
  }
  return out;
}

std::int64_t RoundTrip(Child& c, const std::string& frame, std::string* answer) {
  const std::int64_t t0 = NowNs();
  WriteAll(c.in, frame.data(), frame.size());
  *answer = ReadFrame(c.out);
  return NowNs() - t0;
}

struct WarmResult {
  Pair pair;
  long host_peak_rss_kb = 0;  // VmHWM of the host after the whole session
  long floor_peak_rss_kb = 0;
};

// Round trips on one open floor and one open host per vault size, request by request in rotating order. The
// processes are restarted every block of requests: a process keeps the CPU the scheduler first gave it, and
// on a shared machine one CPU can be much busier than another, so a single long session can be slow (or fast)
// for placement reasons alone. Twenty fresh placements average that out. Peak RSS is the highest of all
// sessions.
std::vector<WarmResult> Warm(const std::vector<Program>& hosts, const Program& floor, const std::string& tmpl,
                             int runs, long rotate, const std::string& name) {
  const std::size_t n = hosts.size() + 1;  // slot 0 is the floor
  std::vector<std::vector<std::int64_t>> t(n);
  for (auto& v : t) v.reserve(static_cast<std::size_t>(runs));
  std::vector<long> peak(n, 0);
  std::string answer;
  const int blocks = std::max(1, std::min(20, runs / 50));
  long seq = 0;
  for (int b = 0; b < blocks; ++b) {
    const int count = runs / blocks + (b < runs % blocks ? 1 : 0);
    std::vector<Child> kids;
    kids.push_back(Spawn(floor));
    for (const auto& h : hosts) kids.push_back(Spawn(h));
    const int warmup =
        20;  // the first requests of a session fault in its pages and, for a host, open the vault
    for (int i = -warmup; i < count; ++i) {
      const std::string frame = Frame(Fill(tmpl, ++seq, rotate));
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t k = (static_cast<std::size_t>(i + warmup) + j) % n;
        const std::int64_t ns = RoundTrip(kids[k], frame, &answer);
        if (k > 0) CheckOk(answer, "host (" + name + ")");
        if (i >= 0) t[k].push_back(ns);
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      peak[k] = std::max(peak[k], PeakRssKb(kids[k].pid));
      close(kids[k].in);
      kids[k].in = -1;
      FinishChild(kids[k], k == 0 ? "floor" : "host (" + name + ")");
    }
  }
  std::vector<WarmResult> out;
  for (std::size_t k = 1; k < n; ++k) {
    WarmResult r;
    r.pair = Finish(t[k], t[0]);
    r.host_peak_rss_kb = peak[k];
    r.floor_peak_rss_kb = peak[0];
    out.push_back(r);
  }
  return out;
}

// Peak RSS of one cold process: read VmHWM once the answer is in, before EOF lets it exit. Unlike wait4's
// ru_maxrss this is not inflated by the spawning process's own pages (posix_spawn shares them until exec).
long ColdPeakRss(const Program& p, const std::string& body, int runs, bool expect_ok) {
  const std::string frame = Frame(body);
  long peak = 0;
  for (int i = 0; i < runs; ++i) {
    Child c = Spawn(p);
    WriteAll(c.in, frame.data(), frame.size());
    const std::string answer = ReadFrame(c.out);
    if (expect_ok) CheckOk(answer, "host (peak RSS)");
    peak = std::max(peak, PeakRssKb(c.pid));
    close(c.in);
    c.in = -1;
    FinishChild(c, "peak RSS run");
  }
  return peak;
}

struct Throughput {
  int procs = 0;
  long ops = 0;
  double seconds = 0, per_second = 0;
  Stats latency;
};

// `procs` hosts at once, each answering one durable token.store after another, for about `seconds`.
Throughput Writes(const Program& host, int procs, double seconds, const std::string& tmpl) {
  std::vector<Child> kids;
  for (int p = 0; p < procs; ++p) kids.push_back(Spawn(host));
  std::vector<std::int64_t> sent_at(static_cast<std::size_t>(procs));
  std::vector<bool> open(static_cast<std::size_t>(procs), true);
  std::vector<std::int64_t> latency;
  long seq = 0;
  auto send = [&](int p) {
    const std::string frame = Frame(Fill(Replace(tmpl, "{p}", std::to_string(p)), ++seq));
    sent_at[static_cast<std::size_t>(p)] = NowNs();
    WriteAll(kids[static_cast<std::size_t>(p)].in, frame.data(), frame.size());
  };
  const std::int64_t start = NowNs();
  const std::int64_t deadline = start + static_cast<std::int64_t>(seconds * 1e9);
  for (int p = 0; p < procs; ++p) send(p);
  long ops = 0;
  int live = procs;
  std::int64_t last = start;
  while (live > 0) {
    std::vector<pollfd> fds;
    std::vector<int> who;
    for (int p = 0; p < procs; ++p) {
      if (!open[static_cast<std::size_t>(p)]) continue;
      fds.push_back({kids[static_cast<std::size_t>(p)].out, POLLIN, 0});
      who.push_back(p);
    }
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      Die("poll: %s", std::strerror(errno));
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP))) continue;
      const int p = who[k];
      const std::string answer = ReadFrame(kids[static_cast<std::size_t>(p)].out);
      const std::int64_t now = NowNs();
      CheckOk(answer, "host (token.store)");
      latency.push_back(now - sent_at[static_cast<std::size_t>(p)]);
      ++ops;
      last = now;
      if (now < deadline) {
        send(p);
      } else {
        open[static_cast<std::size_t>(p)] = false;
        --live;
      }
    }
  }
  for (auto& c : kids) {
    close(c.in);
    c.in = -1;
    FinishChild(c, "host (token.store)");
  }
  Throughput t;
  t.procs = procs;
  t.ops = ops;
  t.seconds = static_cast<double>(last - start) / 1e9;
  t.per_second = static_cast<double>(ops) / t.seconds;
  t.latency = Summarize(std::move(latency));
  return t;
}

// The disk's floor for one durable atomic replace, done the way the host does it (temp file, write, fsync,
// rename, fsync of the folder) with no lock, crypto or JSON: `procs` processes at once, each on its own file
// in one shared folder. Each child leaves its count and latencies in a file that the parent reads afterwards.
Throughput DiskFloor(const std::string& dir, int procs, double seconds) {
  mkdir(dir.c_str(), 0700);
  const std::int64_t start = NowNs();
  const std::int64_t deadline = start + static_cast<std::int64_t>(seconds * 1e9);
  std::vector<pid_t> pids;
  for (int p = 0; p < procs; ++p) {
    const pid_t pid = fork();
    if (pid < 0) Die("fork: %s", std::strerror(errno));
    if (pid == 0) {
      char payload[320];
      std::memset(payload, 'x', sizeof payload);
      const std::string target = dir + "/rec" + std::to_string(p) + ".zcb";
      const std::string temp = target + ".tmp";
      std::vector<std::int64_t> out;  // latencies, then the end time
      for (std::int64_t now = NowNs(); now < deadline;) {
        const std::int64_t t0 = now;
        const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || write(fd, payload, sizeof payload) != static_cast<ssize_t>(sizeof payload) ||
            fsync(fd) != 0 || close(fd) != 0 || rename(temp.c_str(), target.c_str()) != 0) {
          _exit(3);
        }
        const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) != 0) _exit(3);
        close(dfd);
        now = NowNs();
        out.push_back(now - t0);
      }
      out.push_back(NowNs());
      const std::string result = dir + "/result" + std::to_string(p);
      const int fd = open(result.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      const auto bytes = static_cast<ssize_t>(out.size() * sizeof(std::int64_t));
      if (fd < 0 || write(fd, out.data(), static_cast<std::size_t>(bytes)) != bytes || close(fd) != 0)
        _exit(4);
      _exit(0);
    }
    pids.push_back(pid);
  }
  std::vector<std::int64_t> latency;
  std::int64_t last = start;
  for (int p = 0; p < procs; ++p) {
    int status = 0;
    while (waitpid(pids[static_cast<std::size_t>(p)], &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("disk floor child failed (status 0x%x)", status);
    std::ifstream in(dir + "/result" + std::to_string(p), std::ios::binary);
    std::vector<std::int64_t> v;
    std::int64_t x;
    while (in.read(reinterpret_cast<char*>(&x), sizeof x)) v.push_back(x);
    if (v.empty()) Die("disk floor child left no result");
    last = std::max(last, v.back());
    latency.insert(latency.end(), v.begin(), v.end() - 1);
  }
  Throughput t;
  t.procs = procs;
  t.ops = static_cast<long>(latency.size());
  t.seconds = static_cast<double>(last - start) / 1e9;
  t.per_second = static_cast<double>(t.ops) / t.seconds;
  t.latency = Summarize(std::move(latency));
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// The suite

struct Options {
  std::string host, floor, work, json, md;
  bool quick = false;
  std::vector<int> sizes{1, 100, 10000};
  int cold_runs = 300, warm_runs = 20000, reserve_runs = 1000, rss_runs = 10;
  double write_seconds = 3.0;
  std::string note;
  // Groups to measure (all by default): cold, warm, reserve, writes. For profiling a variant quickly.
  bool cold = true, warm = true, reserve = true, writes = true;
};

const std::string kTokenBody =
    R"("source":"refresh","token":{"access_token":"1000.{i}a3f9c0d2e4b6a8c0e2f4a6b8c0d2e4f6.0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",)"
    R"("expires_in":"86400","api_domain":"https://www.zohoapis.com","location":"us","scope":"ZohoCRM.users.READ,ZohoCRM.modules.ALL",)"
    R"("granted_for_session":"true","token_type":"Bearer"}})";

const std::string kHello = R"({"id":{i},"type":"hello"})";
const std::string kTokenGet =
    std::string(R"({"id":{i},"type":"token.get","client_id":")") + kClientId + R"(","dc":"us"})";
// A web app's token read: the host writes the hand-out down (durably) before answering (docs/PROTOCOL.md).
const std::string kTokenGetForOrigin = std::string(R"({"id":{i},"type":"token.get","client_id":")") +
                                       kClientId + R"(","dc":"us","for_origin":"http://localhost"})";
const std::string kAccountGet =
    std::string(R"({"id":{i},"type":"account.get","client_id":")") + kClientId + R"(","dc":"us"})";
// Rotating over 16 client IDs keeps each budget record near the real 20-grant limit at a few hundred
// grants/s.
const std::string kReserve =
    R"({"id":{i},"type":"budget.reserve","client_id":"1000.BUDGET{k}","kind":"refresh"})";
constexpr long kReserveRotation = 16;
const std::string kStoreMine = std::string(R"({"id":{i},"type":"token.store","client_id":")") + kClientId +
                               R"(","dc":"us",)" + kTokenBody;
const std::string kStoreWriter =
    R"({"id":{i},"type":"token.store","client_id":"1000.W{p}","dc":"us",)" + kTokenBody;
const std::string kStoreFill =
    R"({"id":{i},"type":"token.store","client_id":"1000.F{i}","dc":"us",)" + kTokenBody;
const std::string kChoose =
    std::string(R"({"id":1,"type":"account.choose","client_id":")") + kClientId +
    R"(","dc":"us","account":{"id":"4150868000000225013","name":"Zylker Inc","kind":"record","module":"Accounts"}})";

std::vector<std::string> EnvWith(const std::string& state) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "ZCRM_BRIDGE_HOME=", 17) != 0) env.emplace_back(*e);
  }
  env.push_back("ZCRM_BRIDGE_HOME=" + state);
  return env;
}

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
  while (next < to && next - from < kWindow) {
    const std::string f = Frame(Fill(kStoreFill, next++));
    WriteAll(c.in, f.data(), f.size());
  }
  while (done < total) {
    CheckOk(ReadFrame(c.out), "host (filling the vault)");
    ++done;
    if (next < to) {
      const std::string f = Frame(Fill(kStoreFill, next++));
      WriteAll(c.in, f.data(), f.size());
    }
  }
  close(c.in);
  c.in = -1;
  FinishChild(c, "host (filling the vault)");
}

struct SizeResult {
  int tokens = 0;
  long records = 0;  // *.zcb files when the reads were measured (tokens + the account + the check record)
  double fill_seconds = 0;
  Pair cold_hello, cold_token;
  WarmResult warm_hello, warm_token, warm_account, warm_reserve, warm_handout;
  long cold_token_peak_kb = 0, cold_floor_peak_kb = 0;
  Throughput writes1, writes8, disk1, disk8;
};

struct Sizes {
  long host_unstripped = 0, host_stripped = 0, floor_unstripped = 0, floor_stripped = 0;
};

long FileSize(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) Die("stat %s: %s", path.c_str(), std::strerror(errno));
  return static_cast<long>(st.st_size);
}

long StrippedSize(const std::string& path, const std::string& out) {
  Program strip{"/usr/bin/strip", {"-o", out, path}, EnvWith("")};
  Child c = Spawn(strip);
  close(c.in);
  c.in = -1;
  FinishChild(c, "strip");
  return FileSize(out);
}

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
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

// --- JSON output
// ---------------------------------------------------------------------------------------------

std::string J(const Stats& s) {
  std::ostringstream o;
  o << "{\"n\":" << s.n << ",\"median_us\":" << Fmt("%.3f", s.median) << ",\"p95_us\":" << Fmt("%.3f", s.p95)
    << ",\"p99_us\":" << Fmt("%.3f", s.p99) << ",\"mean_us\":" << Fmt("%.3f", s.mean)
    << ",\"min_us\":" << Fmt("%.3f", s.min) << ",\"max_us\":" << Fmt("%.3f", s.max) << "}";
  return o.str();
}

std::string J(const Pair& p) {
  std::ostringstream o;
  o << "{\"host\":" << J(p.host) << ",\"floor\":" << J(p.floor)
    << ",\"ratio_median\":" << Fmt("%.4f", p.ratio_median) << ",\"ratio_p95\":" << Fmt("%.4f", p.ratio_p95);
  if (p.host_maxrss_kb)
    o << ",\"host_ru_maxrss_kb\":" << p.host_maxrss_kb << ",\"floor_ru_maxrss_kb\":" << p.floor_maxrss_kb;
  o << "}";
  return o.str();
}

std::string J(const WarmResult& w) {
  std::string p = J(w.pair);
  p.pop_back();
  return p + ",\"host_peak_rss_kb\":" + std::to_string(w.host_peak_rss_kb) +
         ",\"floor_peak_rss_kb\":" + std::to_string(w.floor_peak_rss_kb) + "}";
}

std::string J(const Throughput& t) {
  std::ostringstream o;
  o << "{\"procs\":" << t.procs << ",\"ops\":" << t.ops << ",\"seconds\":" << Fmt("%.3f", t.seconds)
    << ",\"per_second\":" << Fmt("%.1f", t.per_second) << ",\"latency\":" << J(t.latency) << "}";
  return o.str();
}

std::string JStr(const std::string& s) {
  std::string o = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) {
      o += ' ';
      continue;
    }
    o += ch;
  }
  return o + "\"";
}

struct Target {
  std::string figure, value, floor, measured, limit;
  bool pass = false;
};

std::string Machine() {
  utsname u{};
  uname(&u);
  std::string cpu = "unknown CPU";
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  return cpu + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs, Linux " + u.release;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string FsType(const std::string& dir) {
  struct statfs s {};
  if (statfs(dir.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794c7630:
      return "overlayfs";
    default:
      return Fmt("0x%.0f", static_cast<double>(s.f_type));
  }
}

std::vector<int> ParseSizes(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::atoi(item.c_str()));
  std::sort(out.begin(), out.end());
  if (out.empty() || out.front() < 1) Die("--sizes needs positive numbers, e.g. 1,100,10000");
  return out;
}

Options Parse(int argc, char** argv) {
  Options o;
  bool sizes_set = false;
  std::map<std::string, bool> set;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("%s needs a value", a.c_str());
      set[a] = true;
      return argv[++i];
    };
    if (a == "--host")
      o.host = value();
    else if (a == "--floor")
      o.floor = value();
    else if (a == "--work")
      o.work = value();
    else if (a == "--json")
      o.json = value();
    else if (a == "--md")
      o.md = value();
    else if (a == "--note")
      o.note = value();
    else if (a == "--quick")
      o.quick = true;
    else if (a == "--only") {
      const std::string groups = "," + value() + ",";
      auto has = [&](const char* g) { return groups.find(std::string(",") + g + ",") != std::string::npos; };
      o.cold = has("cold");
      o.warm = has("warm");
      o.reserve = has("reserve");
      o.writes = has("writes");
    } else if (a == "--sizes") {
      o.sizes = ParseSizes(value());
      sizes_set = true;
    } else if (a == "--cold-runs")
      o.cold_runs = std::atoi(value().c_str());
    else if (a == "--warm-runs")
      o.warm_runs = std::atoi(value().c_str());
    else if (a == "--reserve-runs")
      o.reserve_runs = std::atoi(value().c_str());
    else if (a == "--write-seconds")
      o.write_seconds = std::atof(value().c_str());
    else
      Die("unknown option %s", a.c_str());
  }
  if (o.host.empty() || o.floor.empty() || o.work.empty()) Die("--host, --floor and --work are required");
  if (o.quick) {
    if (!sizes_set) o.sizes = {1, 100};
    if (!set["--cold-runs"]) o.cold_runs = 20;
    if (!set["--warm-runs"]) o.warm_runs = 500;
    if (!set["--reserve-runs"]) o.reserve_runs = 50;
    if (!set["--write-seconds"]) o.write_seconds = 0.3;
    o.rss_runs = 2;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const Options opt = Parse(argc, argv);
  const std::int64_t suite_start = NowNs();
  const std::string load_start = LoadAverage();
  mkdir(opt.work.c_str(), 0700);
  g_stderr_log = opt.work + "/children-stderr.log";
  const std::string caller = std::string("chrome-extension://") + kExtensionId + "/";
  // One state dir per vault size, each with its own host program; the smallest is seeded, each larger one
  // starts as a copy of the one before (key included) and is filled up to its size.
  std::vector<std::string> states;
  std::vector<Program> hosts;
  for (int size : opt.sizes) {
    states.push_back(opt.work + "/state-" + std::to_string(size));
    hosts.push_back(Program{opt.host, {caller}, EnvWith(states.back())});
  }
  const Program floor{opt.floor, {caller}, EnvWith(states.front())};
  std::fprintf(stderr, "machine: %s; state on %s\n", Machine().c_str(), FsType(opt.work).c_str());

  std::vector<SizeResult> results(opt.sizes.size());
  for (std::size_t v = 0; v < opt.sizes.size(); ++v) {
    SizeResult& r = results[v];
    r.tokens = opt.sizes[v];
    const std::int64_t f0 = NowNs();
    if (v == 0) {
      if (mkdir(states[0].c_str(), 0700) != 0) Die("%s must not exist yet", states[0].c_str());
      // A huge budget with a 1 s window: budget.reserve is measured, never refused.
      WriteFile(
          states[0] + "/config.json",
          std::string(R"({"allowed_extensions": [")") + kExtensionId +
              R"("], "limits": {"login": {"max": 10000, "window_s": 1}, "refresh": {"max": 10000, "window_s": 1}}})");
      // The one token and the chosen account every read asks for.
      ColdOnce(hosts[0], Frame(Fill(kStoreMine, 1)), "host (seed token.store)", true);
      ColdOnce(hosts[0], Frame(kChoose), "host (seed account.choose)", true);
      std::string h;
      ColdOnce(hosts[0], Frame(Fill(kHello, 1)), "host (hello)", true, &h);
      if (h.find(std::string("\"caller\":\"chromium:") + kExtensionId + "\"") == std::string::npos) {
        Die("hello does not name the caller: %s", h.c_str());
      }
      FillTokens(hosts[0], 1, r.tokens);
    } else {
      std::error_code ec;
      std::filesystem::copy(states[v - 1], states[v], std::filesystem::copy_options::recursive, ec);
      if (ec) Die("copy %s: %s", states[v - 1].c_str(), ec.message().c_str());
      // F<previous size> .. F<size-1>: with the seed, `size` tokens in all
      FillTokens(hosts[v], std::max(1, opt.sizes[v - 1]), r.tokens);
    }
    r.fill_seconds = static_cast<double>(NowNs() - f0) / 1e9;
    r.records = CountRecords(states[v] + "/vault");
    std::fprintf(stderr, "vault of %d token(s) ready: %ld record files (filling took %.1f s)\n", r.tokens,
                 r.records, r.fill_seconds);
  }

  Sizes sizes;
  sizes.host_unstripped = FileSize(opt.host);
  sizes.host_stripped = StrippedSize(opt.host, opt.work + "/host.stripped");
  sizes.floor_unstripped = FileSize(opt.floor);
  sizes.floor_stripped = StrippedSize(opt.floor, opt.work + "/floor.stripped");

  // Reads: the floor and every vault size in the same loop.
  if (opt.cold) {
    std::fprintf(stderr, "cold hello ×%d (floor and %zu hosts interleaved)\n", opt.cold_runs, hosts.size());
    auto hello = Cold(hosts, floor, Fill(kHello, 1), opt.cold_runs, "cold hello");
    std::fprintf(stderr, "cold token.get ×%d\n", opt.cold_runs);
    auto token = Cold(hosts, floor, Fill(kTokenGet, 1), opt.cold_runs, "cold token.get");
    for (std::size_t v = 0; v < hosts.size(); ++v) {
      results[v].cold_hello = hello[v];
      results[v].cold_token = token[v];
    }
  }
  for (std::size_t v = 0; v < hosts.size(); ++v) {
    results[v].cold_token_peak_kb = ColdPeakRss(hosts[v], Fill(kTokenGet, 1), opt.rss_runs, true);
    results[v].cold_floor_peak_kb = ColdPeakRss(floor, Fill(kTokenGet, 1), opt.rss_runs, false);
  }
  if (opt.warm) {
    std::fprintf(stderr, "warm hello, token.get, account.get ×%d (floor and %zu hosts interleaved)\n",
                 opt.warm_runs, hosts.size());
    auto hello = Warm(hosts, floor, kHello, opt.warm_runs, 1, "warm hello");
    auto token = Warm(hosts, floor, kTokenGet, opt.warm_runs, 1, "warm token.get");
    auto account = Warm(hosts, floor, kAccountGet, opt.warm_runs, 1, "warm account.get");
    for (std::size_t v = 0; v < hosts.size(); ++v) {
      results[v].warm_hello = hello[v];
      results[v].warm_token = token[v];
      results[v].warm_account = account[v];
    }
  }
  // Writes: one vault at a time (they are bound by the disk, not by noise).
  for (std::size_t v = 0; v < hosts.size(); ++v) {
    SizeResult& r = results[v];
    if (opt.reserve) {
      std::fprintf(stderr, "vault of %d: warm budget.reserve ×%d (each one a durable write)\n", r.tokens,
                   opt.reserve_runs);
      r.warm_reserve =
          Warm({hosts[v]}, floor, kReserve, opt.reserve_runs, kReserveRotation, "warm budget.reserve")[0];
      std::fprintf(stderr,
                   "vault of %d: warm token.get with for_origin ×%d (each one a durable hand-out record)\n",
                   r.tokens, opt.reserve_runs);
      r.warm_handout =
          Warm({hosts[v]}, floor, kTokenGetForOrigin, opt.reserve_runs, 1, "warm token.get for_origin")[0];
    }
    if (opt.writes) {
      std::fprintf(stderr,
                   "vault of %d: durable writes, 1 and 8 processes, %.1f s each, and the disk floor\n",
                   r.tokens, opt.write_seconds);
      r.disk1 = DiskFloor(opt.work + "/disk-floor", 1, opt.write_seconds);
      r.writes1 = Writes(hosts[v], 1, opt.write_seconds, kStoreWriter);
      r.disk8 = DiskFloor(opt.work + "/disk-floor", 8, opt.write_seconds);
      r.writes8 = Writes(hosts[v], 8, opt.write_seconds, kStoreWriter);
    }
  }
  // --- targets: on the smallest vault; growth compares the largest with the smallest ---
  const SizeResult& base = results.front();
  const SizeResult& big = results.back();
  std::vector<Target> targets;
  auto ratio_target = [&](const std::string& figure, const Pair& p, double limit) {
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
  if (opt.warm)
    targets.push_back({"peak RSS, warm session (VmHWM after " + WithSep(opt.warm_runs) + " requests)",
                       Mib(warm_peak), Mib(base.warm_hello.floor_peak_rss_kb), "–", "≤ 6 MiB",
                       warm_peak <= kRssLimitKb});
  if (results.size() > 1) {
    // Both vaults were measured in the same loop, so their medians compare directly.
    auto growth = [&](const std::string& figure, const Pair& small, const Pair& large) {
      const double g = large.host.median / small.host.median;
      targets.push_back({figure + " with " + WithSep(big.tokens) + " tokens vs " + WithSep(base.tokens),
                         Us(large.host.median) + " vs " + Us(small.host.median), "–",
                         Fmt("%+.1f %%", (g - 1) * 100), "within ±20 %", std::fabs(g - 1) <= 0.20});
    };
    if (opt.cold) growth("cold `token.get`", base.cold_token, big.cold_token);
    if (opt.warm) growth("warm `token.get`", base.warm_token.pair, big.warm_token.pair);
  }

  // --- Markdown ---
  std::ostringstream md;
  md << "# zcrm-bridge host benchmark\n\n";
  const std::string load_end = LoadAverage();
  md << "Machine: " << Machine() << "; state directories on " << FsType(opt.work)
     << "; 1-minute load average " << load_start << " at the start, " << load_end << " at the end. Mode: "
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
  md << "## Targets\n\n| figure | host | floor | measured | target | result |\n|---|---|---|---|---|---|\n";
  int missed = 0;
  for (const auto& t : targets) {
    md << "| " << t.figure << " | " << t.value << " | " << t.floor << " | " << t.measured << " | " << t.limit
       << " | " << (t.pass ? "PASS" : "**MISS**") << " |\n";
    missed += t.pass ? 0 : 1;
  }
  for (const auto& r : results) {
    md << "\n## Vault with " << WithSep(r.tokens) << (r.tokens == 1 ? " token" : " tokens") << " ("
       << WithSep(r.records) << " record files)\n\n";
    md << "| figure | host median | host p95 | floor median | floor p95 | ratio median | ratio p95 |\n"
          "|---|---|---|---|---|---|---|\n";
    auto row = [&](const std::string& name, const Pair& p) {
      md << "| " << name << " | " << Us(p.host.median) << " | " << Us(p.host.p95) << " | "
         << Us(p.floor.median) << " | " << Us(p.floor.p95) << " | " << Ratio(p.ratio_median) << " | "
         << Ratio(p.ratio_p95) << " |\n";
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
       << Mib(r.warm_account.host_peak_rss_kb) << ", `budget.reserve` "
       << Mib(r.warm_reserve.host_peak_rss_kb) << " (floor " << Mib(r.warm_hello.floor_peak_rss_kb)
       << "). wait4 ru_maxrss of cold `token.get`: host " << Mib(r.cold_token.host_maxrss_kb) << ", floor "
       << Mib(r.cold_token.floor_maxrss_kb) << " (inflated by the spawner's own pages).\n";
  }
  if (results.size() > 1) {
    md << "\n## Growth with vault size (median, and its ratio to the floor of the same loop)\n\n| figure |";
    for (const auto& r : results)
      md << " " << WithSep(r.tokens) << (r.tokens == 1 ? " token" : " tokens") << " |";
    md << "\n|---|";
    for (std::size_t i = 0; i < results.size(); ++i) md << "---|";
    md << "\n";
    auto grow = [&](const std::string& name, auto get) {
      md << "| " << name << " |";
      for (const auto& r : results) {
        const Pair& p = get(r);
        md << " " << Us(p.host.median) << " (" << Ratio(p.ratio_median) << ") |";
      }
      md << "\n";
    };
    grow("cold `hello`", [](const SizeResult& r) -> const Pair& { return r.cold_hello; });
    grow("cold `token.get`", [](const SizeResult& r) -> const Pair& { return r.cold_token; });
    grow("warm `hello`", [](const SizeResult& r) -> const Pair& { return r.warm_hello.pair; });
    grow("warm `token.get`", [](const SizeResult& r) -> const Pair& { return r.warm_token.pair; });
    grow("warm `account.get`", [](const SizeResult& r) -> const Pair& { return r.warm_account.pair; });
    grow("warm `budget.reserve`", [](const SizeResult& r) -> const Pair& { return r.warm_reserve.pair; });
    grow("warm `token.get` with `for_origin`",
         [](const SizeResult& r) -> const Pair& { return r.warm_handout.pair; });
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
  md << "\nBinary size: host " << WithSep(sizes.host_unstripped) << " bytes (" << WithSep(sizes.host_stripped)
     << " stripped); floor " << WithSep(sizes.floor_unstripped) << " bytes (" << WithSep(sizes.floor_stripped)
     << " stripped).\n";
  const double total_s = static_cast<double>(NowNs() - suite_start) / 1e9;
  md << "\nTargets met: " << (targets.size() - static_cast<std::size_t>(missed)) << " of " << targets.size()
     << ". The host benchmark took " << Fmt("%.0f", total_s) << " s.\n";

  // --- JSON ---
  std::ostringstream js;
  js << "{\"machine\":" << JStr(Machine()) << ",\"state_fs\":" << JStr(FsType(opt.work))
     << ",\"load_average_1min\":{\"start\":" << JStr(load_start) << ",\"end\":" << JStr(load_end) << "}"
     << ",\"mode\":" << JStr(opt.quick ? "quick" : "full") << ",\"note\":" << JStr(opt.note)
     << ",\"runs\":{\"cold\":" << opt.cold_runs << ",\"warm\":" << opt.warm_runs
     << ",\"reserve\":" << opt.reserve_runs << ",\"write_seconds\":" << opt.write_seconds << "}"
     << ",\"binary_bytes\":{\"host_unstripped\":" << sizes.host_unstripped
     << ",\"host_stripped\":" << sizes.host_stripped << ",\"floor_unstripped\":" << sizes.floor_unstripped
     << ",\"floor_stripped\":" << sizes.floor_stripped << "}"
     << ",\"targets\":[";
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    js << (i ? "," : "") << "{\"figure\":" << JStr(t.figure) << ",\"host\":" << JStr(t.value)
       << ",\"floor\":" << JStr(t.floor) << ",\"measured\":" << JStr(t.measured)
       << ",\"target\":" << JStr(t.limit) << ",\"pass\":" << (t.pass ? "true" : "false") << "}";
  }
  js << "],\"vaults\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    js << (i ? "," : "") << "{\"tokens\":" << r.tokens << ",\"record_files\":" << r.records
       << ",\"fill_seconds\":" << Fmt("%.2f", r.fill_seconds) << ",\"cold\":{\"hello\":" << J(r.cold_hello)
       << ",\"token.get\":" << J(r.cold_token) << "},\"warm\":{\"hello\":" << J(r.warm_hello)
       << ",\"token.get\":" << J(r.warm_token) << ",\"account.get\":" << J(r.warm_account)
       << ",\"budget.reserve\":" << J(r.warm_reserve) << ",\"token.get_for_origin\":" << J(r.warm_handout)
       << "},\"peak_rss_kb\":{\"cold_token_get\":" << r.cold_token_peak_kb
       << ",\"cold_floor\":" << r.cold_floor_peak_kb << "},\"writes\":{\"host_1\":" << J(r.writes1)
       << ",\"host_8\":" << J(r.writes8) << ",\"disk_floor_1\":" << J(r.disk1)
       << ",\"disk_floor_8\":" << J(r.disk8) << "}}";
  }
  js << "],\"seconds\":" << Fmt("%.1f", total_s) << "}\n";

  std::fputs(md.str().c_str(), stdout);
  if (!opt.md.empty()) WriteFile(opt.md, md.str());
  if (!opt.json.empty()) WriteFile(opt.json, js.str());
  return 0;
}
