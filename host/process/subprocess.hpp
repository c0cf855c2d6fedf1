// Runs one child program with a deadline: argv and environment given (no shell, no PATH search), stdin fed
// from memory, stdout and stderr captured up to a bound, the child killed at the deadline and always waited
// for. The keyring client and the doctor's hello probe both start short-lived helpers this way.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zcrm::process {

struct Command {
  std::vector<std::string> argv;                // argv[0] is the program's path, run as given
  std::optional<std::vector<std::string>> env;  // "NAME=value" entries; nullopt: the caller's environment
  std::filesystem::path working_dir;            // empty: the caller's
  std::span<const std::uint8_t> input;          // written to stdin, which is then closed
  std::chrono::milliseconds deadline{10000};    // after this the child is killed (SIGKILL)
  std::size_t max_stdout = 64 * 1024;           // captured bytes beyond these are read and dropped, so a
  std::size_t max_stderr = 4 * 1024;            // chatty child neither blocks nor grows the caller
  // When set, stdout goes here instead of into Outcome::stdout_text: memory the caller guards (a key).
  // Bytes beyond its size are read into scratch memory that is wiped.
  std::span<std::uint8_t> stdout_into;
};

enum class Ending {
  kExited,      // exit_code holds the status
  kSignalled,   // a signal ended it (signal holds which)
  kTimedOut,    // still running at the deadline; it was killed
  kNotStarted,  // start_errno says why (ENOENT: no such program, EACCES: not executable, ...)
};

struct Outcome {
  Ending ending = Ending::kNotStarted;
  int exit_code = -1;
  int signal = 0;
  int start_errno = 0;
  std::string stdout_text;        // empty when Command::stdout_into was given
  std::string stderr_text;        // trailing newlines kept; at most max_stderr bytes
  std::size_t stdout_bytes = 0;   // all bytes the child wrote to stdout, kept or not
  bool stdout_truncated = false;  // more than the bound (or than stdout_into) arrived
  bool stderr_truncated = false;
  bool input_refused = false;  // the child closed stdin before taking all of Command::input

  bool Exited(int code) const { return ending == Ending::kExited && exit_code == code; }
};

// Never throws for anything the child does; a child that cannot be started is Ending::kNotStarted. The caller
// does not get SIGPIPE from a child that stops reading: it is blocked while writing.
Outcome Run(const Command& command);

}  // namespace zcrm::process
