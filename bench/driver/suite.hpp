// The whole host benchmark: vaults of each size prepared, then every scenario measured on them.
#pragma once

#include <string>
#include <vector>

#include "options.hpp"
#include "process.hpp"
#include "reads.hpp"
#include "stats.hpp"
#include "writes.hpp"

namespace zcrm::bench {

// Every figure for one vault size.
struct SizeResult {
  int tokens = 0;
  long records = 0;  // *.zcb files when the reads were measured (tokens + the account + the check record)
  double fill_seconds = 0;
  Comparison cold_hello, cold_token;
  WarmResult warm_hello, warm_token, warm_account, warm_reserve, warm_handout;
  long cold_token_peak_kb = 0, cold_floor_peak_kb = 0;
  Throughput writes1, writes8, disk1, disk8;
};

// One host program per vault size (each with its own state dir under opt.work) and the floor.
struct Programs {
  std::vector<Program> hosts;
  std::vector<std::string> states;
  Program floor;
};

Programs MakePrograms(const Options& opt);

// Seeds the smallest vault (config, the token and account every read asks for) and fills each larger one, a
// copy of the one before, up to its size. Returns one result per size with its vault's facts filled in.
std::vector<SizeResult> PrepareVaults(const Options& opt, const Programs& programs);

// Runs the groups `opt` selects into `results`.
void MeasureReads(const Options& opt, const Programs& programs, std::vector<SizeResult>& results);
void MeasureWrites(const Options& opt, const Programs& programs, std::vector<SizeResult>& results);

}  // namespace zcrm::bench
