#include "process/output_capture.hpp"

#include <algorithm>
#include <cstring>

namespace zcrm::process {

StdoutSink::~StdoutSink() {
  std::memset(scratch_.data(), 0, scratch_.size());
}

std::span<std::uint8_t> StdoutSink::Room() {
  const std::size_t kept = outcome_.stdout_bytes;
  last_ = scratch_;
  if (!command_.stdout_into.empty() && kept < command_.stdout_into.size()) {
    last_ = command_.stdout_into.subspan(kept);
  }
  return last_;
}

void StdoutSink::Took(std::size_t n) {
  if (command_.stdout_into.empty()) {
    const std::size_t space =
        command_.max_stdout - std::min(command_.max_stdout, outcome_.stdout_text.size());
    outcome_.stdout_text.append(reinterpret_cast<const char*>(last_.data()), std::min(n, space));
    if (n > space) outcome_.stdout_truncated = true;
  } else if (last_.data() == scratch_.data()) {
    outcome_.stdout_truncated = true;
  }
  outcome_.stdout_bytes += n;
}

void KeepStderr(std::string_view bytes, std::size_t bound, Outcome& outcome) {
  const std::size_t space = bound - std::min(bound, outcome.stderr_text.size());
  outcome.stderr_text.append(bytes.substr(0, std::min(bytes.size(), space)));
  if (bytes.size() > space) outcome.stderr_truncated = true;
}

}  // namespace zcrm::process
