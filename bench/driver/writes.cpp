#include "writes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "clock.hpp"
#include "die.hpp"
#include "requests.hpp"

namespace zcrm::bench {
namespace {

Throughput Summary(int procs, std::int64_t start, std::int64_t last, std::vector<std::int64_t> latency) {
  Throughput t;
  t.procs = procs;
  t.ops = static_cast<long>(latency.size());
  t.seconds = static_cast<double>(last - start) / 1e9;
  t.per_second = static_cast<double>(t.ops) / t.seconds;
  t.latency = Summarize(std::move(latency));
  return t;
}

// One disk-floor process: replaces its file until the deadline, then leaves its latencies and its end time in
// `dir`/result<p> for the parent. Never returns.
[[noreturn]] void DiskFloorChild(const std::string& dir, int p, std::int64_t deadline) {
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
  if (fd < 0 || write(fd, out.data(), static_cast<std::size_t>(bytes)) != bytes || close(fd) != 0) _exit(4);
  _exit(0);
}

}  // namespace

Throughput Writes(const Program& host, int procs, double seconds, const WriterRequest& request) {
  const auto count = static_cast<std::size_t>(procs);
  std::vector<Child> kids;
  for (int p = 0; p < procs; ++p) kids.push_back(Spawn(host));
  std::vector<std::int64_t> sent_at(count);
  std::vector<bool> open(count, true);
  std::vector<std::int64_t> latency;
  long seq = 0;
  auto send = [&](std::size_t p) {
    const std::string body = request(static_cast<int>(p), ++seq);
    sent_at[p] = NowNs();
    SendFrame(kids[p], body);
  };
  const std::int64_t start = NowNs();
  const std::int64_t deadline = start + static_cast<std::int64_t>(seconds * 1e9);
  for (std::size_t p = 0; p < count; ++p) send(p);
  std::size_t live = count;
  std::int64_t last = start;
  while (live > 0) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> who;
    for (std::size_t p = 0; p < count; ++p) {
      if (!open[p]) continue;
      fds.push_back({kids[p].out, POLLIN, 0});
      who.push_back(p);
    }
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      Die("poll: %s", std::strerror(errno));
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP))) continue;
      const std::size_t p = who[k];
      const std::string answer = ReceiveFrame(kids[p]);
      const std::int64_t now = NowNs();
      CheckOk(answer, "host (token.store)");
      latency.push_back(now - sent_at[p]);
      last = now;
      if (now < deadline) {
        send(p);
      } else {
        open[p] = false;
        --live;
      }
    }
  }
  for (auto& c : kids) {
    CloseInput(c);
    FinishChild(c, "host (token.store)");
  }
  return Summary(procs, start, last, std::move(latency));
}

// Each child leaves its count and latencies in a file that the parent reads afterwards.
Throughput DiskFloor(const std::string& dir, int procs, double seconds) {
  mkdir(dir.c_str(), 0700);
  const std::int64_t start = NowNs();
  const std::int64_t deadline = start + static_cast<std::int64_t>(seconds * 1e9);
  std::vector<pid_t> pids;
  for (int p = 0; p < procs; ++p) {
    const pid_t pid = fork();
    if (pid < 0) Die("fork: %s", std::strerror(errno));
    if (pid == 0) DiskFloorChild(dir, p, deadline);
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
  return Summary(procs, start, last, std::move(latency));
}

}  // namespace zcrm::bench
