// The host's performance targets (bench/README.md), judged on the smallest vault; growth compares the largest
// vault with the smallest.
#pragma once

#include <string>
#include <vector>

#include "options.hpp"
#include "suite.hpp"

namespace zcrm::bench {

struct Target {
  std::string figure, value, floor, measured, limit;
  bool pass = false;
};

std::vector<Target> JudgeTargets(const Options& opt, const std::vector<SizeResult>& results);

}  // namespace zcrm::bench
