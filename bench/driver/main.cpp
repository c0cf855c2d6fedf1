// Benchmark driver for the zcrm-bridge host (see bench/README.md). Measures the host against the minimal C
// echo host (bench/echo_floor.c) in the same run, interleaved, and writes a Markdown table and a JSON twin.
//
// Everything happens in --work (a temp dir): the state dirs, the disk-floor files, the host's stderr log.
// Timing uses CLOCK_MONOTONIC. Nothing is pinned; host and floor alternate run by run so noise hits both.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "clock.hpp"
#include "die.hpp"
#include "options.hpp"
#include "report.hpp"
#include "suite.hpp"
#include "targets.hpp"

namespace {

void WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty()) return;
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) zcrm::bench::Die("cannot write %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace zcrm::bench;
  // A child that dies mid-request must show up as a failed write, not kill the driver.
  signal(SIGPIPE, SIG_IGN);
  const Options opt = ParseOptions(argc, argv);
  const std::int64_t suite_start = NowNs();
  Report report;
  report.options = &opt;
  report.load_start = LoadAverage();
  mkdir(opt.work.c_str(), 0700);
  SetChildStderrLog(opt.work + "/children-stderr.log");
  const Programs programs = MakePrograms(opt);
  report.machine = Machine();
  report.state_fs = FsType(opt.work);
  std::fprintf(stderr, "machine: %s; state on %s\n", report.machine.c_str(), report.state_fs.c_str());

  std::vector<SizeResult> results = PrepareVaults(opt, programs);
  report.binaries = MeasureBinaries(opt.host, opt.floor, opt.work);
  MeasureReads(opt, programs, results);
  MeasureWrites(opt, programs, results);

  report.vaults = &results;
  report.targets = JudgeTargets(opt, results);
  report.load_end = LoadAverage();
  report.seconds = static_cast<double>(NowNs() - suite_start) / 1e9;
  const std::string markdown = RenderMarkdown(report);
  std::fputs(markdown.c_str(), stdout);
  WriteOutput(opt.md, markdown);
  WriteOutput(opt.json, RenderJson(report));
  return 0;
}
