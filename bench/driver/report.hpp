// The host benchmark's two outputs: a Markdown report and its JSON twin (fields read by bench/run.sh's merge
// into bench/results/*.json).
#pragma once

#include <string>
#include <vector>

#include "machine.hpp"
#include "options.hpp"
#include "suite.hpp"
#include "targets.hpp"

namespace zcrm::bench {

struct Report {
  const Options* options = nullptr;
  std::string machine, state_fs, load_start, load_end;
  BinarySizes binaries;
  std::vector<Target> targets;
  const std::vector<SizeResult>* vaults = nullptr;
  double seconds = 0;  // the whole host benchmark
};

std::string RenderMarkdown(const Report& report);
std::string RenderJson(const Report& report);

}  // namespace zcrm::bench
