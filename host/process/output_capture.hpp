// Where a child's output goes while it is read, the same on every system: stdout into the caller's memory
// (Command::stdout_into) or the bounded string, stderr into its bounded string, and what is beyond a bound
// read into scratch and dropped, so a chatty child neither blocks nor grows the caller.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "process/subprocess.hpp"

namespace zcrm::process {

class StdoutSink {
 public:
  StdoutSink(const Command& command, Outcome& outcome) : command_(command), outcome_(outcome) {}
  StdoutSink(const StdoutSink&) = delete;
  StdoutSink& operator=(const StdoutSink&) = delete;
  ~StdoutSink();
  // Where the next read goes; Took(n) after n bytes were read there.
  std::span<std::uint8_t> Room();
  void Took(std::size_t n);

 private:
  const Command& command_;
  Outcome& outcome_;
  std::span<std::uint8_t> last_;
  std::array<std::uint8_t, 4096> scratch_{};
};

// Appends bytes to Outcome::stderr_text up to bound; marks it truncated beyond.
void KeepStderr(std::string_view bytes, std::size_t bound, Outcome& outcome);

}  // namespace zcrm::process
