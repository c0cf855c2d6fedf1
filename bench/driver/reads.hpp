// Read scenarios: the host on each vault size against the floor, in one loop so machine noise hits all alike.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "process.hpp"
#include "stats.hpp"

namespace zcrm::bench {

// A request body for the running index of a request.
using RequestBody = std::function<std::string(long id)>;

// One sendNativeMessage-style run: start, one frame, EOF, answer, exit. Returns nanoseconds.
std::int64_t ColdOnce(const Program& program, const std::string& body, const std::string& what,
                      bool expect_ok, std::string* answer_out = nullptr, long* maxrss_kb = nullptr);

// Cold runs of the floor and of every host (one per vault size), in one loop: each iteration runs each
// program once, starting with a different one each time. One Comparison per host.
std::vector<Comparison> Cold(const std::vector<Program>& hosts, const Program& floor, const std::string& body,
                             int runs, const std::string& name);

struct WarmResult {
  Comparison pair;
  long host_peak_rss_kb = 0;  // VmHWM of the host after the whole session
  long floor_peak_rss_kb = 0;
};

// Round trips on one open floor and one open host per vault size, request by request in rotating order.
std::vector<WarmResult> Warm(const std::vector<Program>& hosts, const Program& floor,
                             const RequestBody& request, int runs, const std::string& name);

// Peak RSS of one cold process: VmHWM read once the answer is in, before EOF lets it exit.
long ColdPeakRss(const Program& program, const std::string& body, int runs, bool expect_ok);

}  // namespace zcrm::bench
