#include "test_clock/file_clock.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "clock/wall_clock.hpp"

namespace zcrm::test_clock {
namespace {

const char* g_clock_file = nullptr;

[[noreturn]] void Stop(const std::string& why) {
  std::fprintf(stderr, "zcrm-bridge-testclock: %s\n", why.c_str());
  std::abort();
}

std::int64_t FileNowMs() {
  std::ifstream in(g_clock_file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) Stop(std::string("cannot read the clock file ") + g_clock_file);
  std::string digits = text.str();
  while (!digits.empty() && (digits.back() == '\n' || digits.back() == ' ')) digits.pop_back();
  std::int64_t ms = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    Stop(std::string("the clock file ") + g_clock_file + " holds no number of milliseconds");
  }
  return ms;
}

}  // namespace

void InstallFromEnvironment() {
  g_clock_file = std::getenv(kClockFileVariable);
  if (g_clock_file != nullptr) clock::ReplaceSource(FileNowMs);
}

}  // namespace zcrm::test_clock
