// Starts the host the way a browser does and asks it `hello` over native messaging framing.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "doctor/report.hpp"

namespace zcrm::doctor {

struct HelloOutcome {
  int start_errno = 0;                   // exec failed with this errno (the host never ran)
  bool timed_out = false;                // no exit within the timeout; the host was killed
  int exit_status = -1;                  // exit code, or -1 when killed by a signal
  std::optional<nlohmann::json> answer;  // the first frame, when it was a valid one
  std::string frame_problem;             // why stdout was not a valid frame (empty when it was, or was empty)
  std::string stderr_text;               // the host's error output (first 2 KiB)
};

// Runs argv[0] with argv (the browser's arguments) in the host's own folder and the current environment,
// writes one framed {"id":"doctor","type":"hello"}, closes stdin and reads the answer, waiting at most
// timeout.
HelloOutcome AskHello(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// Adds host.hello under scope: ok when the host answers ok with protocol 1, else a failure saying why and
// what to do. config_file is the config the host reads (for the fix of a FORBIDDEN answer).
void CheckHello(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                const std::filesystem::path& config_file, const std::string& reinstall,
                const std::string& scope, Report& report);

}  // namespace zcrm::doctor
