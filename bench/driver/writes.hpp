// Write scenarios: durable token.store through the host, and the disk's own floor for the same atomic
// replace.
#pragma once

#include <functional>
#include <string>

#include "process.hpp"
#include "stats.hpp"

namespace zcrm::bench {

struct Throughput {
  int procs = 0;
  long ops = 0;
  double seconds = 0, per_second = 0;
  Stats latency;
};

// A token.store body for one writer process and the running index of the request.
using WriterRequest = std::function<std::string(int writer, long id)>;

// `procs` hosts at once, each answering one durable token.store after another, for about `seconds`.
Throughput Writes(const Program& host, int procs, double seconds, const WriterRequest& request);

// The disk's floor for one durable atomic replace, done the way the host does it (temp file, write, fsync,
// rename, fsync of the folder) with no lock, crypto or JSON: `procs` processes at once, each on its own file
// in the folder `dir`.
Throughput DiskFloor(const std::string& dir, int procs, double seconds);

}  // namespace zcrm::bench
