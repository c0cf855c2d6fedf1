// The driver's command line:
//   bench-driver --host PATH --floor PATH --work DIR --json FILE --md FILE [--quick] [--sizes 1,100,10000]
//                [--cold-runs N] [--warm-runs N] [--reserve-runs N] [--write-seconds S] [--only GROUPS]
//                [--note T]
#pragma once

#include <string>
#include <vector>

namespace zcrm::bench {

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

// Dies on a bad or missing option. --quick lowers every count not given explicitly.
Options ParseOptions(int argc, char** argv);

}  // namespace zcrm::bench
