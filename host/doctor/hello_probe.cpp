#include "doctor/hello_probe.hpp"

#include <cerrno>
#include <cstring>

#include "process/subprocess.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

namespace zcrm::doctor {
namespace {

constexpr std::size_t kMaxStderr = 2048;

void ParseAnswer(const std::string& out, HelloOutcome& outcome) {
  // The host writes with wire::FrameWriter, so its answer is bounded by the outbound limit.
  const wire::ReadResult frame = wire::DecodeFrame(out, wire::kMaxOutboundFrame);
  switch (frame.status) {
    case wire::ReadStatus::kFrame:
      break;
    case wire::ReadStatus::kTruncatedHeader:
      outcome.frame_problem = "stdout ended inside a frame header";
      return;
    case wire::ReadStatus::kTooLarge:
    case wire::ReadStatus::kTruncatedBody:
      outcome.frame_problem = "stdout is not a native messaging frame (it announces " +
                              std::to_string(frame.declared_length) +
                              " bytes): something printed plain text to stdout";
      return;
    default:  // nothing on stdout
      return;
  }
  auto answer = nlohmann::json::parse(frame.body, nullptr, false);
  if (answer.is_discarded()) {
    outcome.frame_problem = "the answer frame is not JSON";
    return;
  }
  outcome.answer = std::move(answer);
}

}  // namespace

HelloOutcome AskHello(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  HelloOutcome outcome;
  static const std::string request = *wire::EncodeFrame(R"({"id":"doctor","type":"hello"})");
  process::Command command;
  command.argv = args;
  if (!args.empty()) command.working_dir = std::filesystem::path(args[0]).parent_path();  // as browsers do
  command.input = {reinterpret_cast<const std::uint8_t*>(request.data()), request.size()};
  command.deadline = timeout;
  command.max_stdout = wire::kMaxOutboundFrame + sizeof(std::uint32_t);
  command.max_stderr = kMaxStderr;
  const process::Outcome run = process::Run(command);
  switch (run.ending) {
    case process::Ending::kNotStarted:
      outcome.start_errno = run.start_errno;
      return outcome;
    case process::Ending::kTimedOut:
      outcome.timed_out = true;
      break;
    case process::Ending::kExited:
      outcome.exit_status = run.exit_code;
      break;
    case process::Ending::kSignalled:
      break;
  }
  outcome.stderr_text = run.stderr_text;
  ParseAnswer(run.stdout_text, outcome);
  return outcome;
}

void CheckHello(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                const std::filesystem::path& config_file, const std::string& reinstall,
                const std::string& scope, Report& report) {
  const auto o = AskHello(argv, timeout);
  const std::string host = argv.empty() ? "" : argv[0];
  std::string said = o.stderr_text.empty() ? "" : "; it said: " + o.stderr_text;
  while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
  if (o.start_errno != 0) {
    report.Fail(
        scope, "host.hello", "cannot start " + host + ": " + std::strerror(o.start_errno),
        o.start_errno == EACCES ? "chmod 755 '" + host + "'" : "run " + reinstall + " --host <built host>");
  } else if (o.timed_out) {
    report.Fail(scope, "host.hello", "no answer within " + std::to_string(timeout.count()) + " ms" + said,
                "run `" + host +
                    " --version` in a terminal; a host that waits on something else cannot serve the "
                    "browser");
  } else if (!o.answer) {
    report.Fail(scope, "host.hello",
                (o.frame_problem.empty()
                     ? "the host exited (status " + std::to_string(o.exit_status) + ") without answering"
                     : o.frame_problem) +
                    said,
                "fix what it said; Chromium then reports \"Native host has exited\"");
  } else if (o.answer->value("ok", false) && o.answer->value("protocol", 0) == 1) {
    report.Ok(scope, "host.hello",
              "host " + o.answer->value("host_version", std::string("?")) + " answered as " +
                  o.answer->value("caller", std::string("?")));
  } else if (o.answer->value("ok", false)) {
    report.Fail(scope, "host.hello",
                "the host speaks protocol " + o.answer->value("protocol", nlohmann::json()).dump() +
                    ", the extension speaks 1",
                "install the host and the extension from the same release");
  } else {
    const auto error = o.answer->value("error", nlohmann::json::object());
    const std::string code = error.value("code", std::string("?"));
    const std::string message = error.value("message", std::string());
    std::string fix = "fix what the message names";
    if (code == "FORBIDDEN") {
      fix = config_file.empty() ? "run " + reinstall + " (it writes config.json)"
                                : "the host did not accept the caller with " + config_file.string() +
                                      ": run " + reinstall + " (a per-user config.json wins)";
    } else if (code == "CONFIG_INVALID") {
      fix = "fix " + (config_file.empty() ? std::string("config.json") : config_file.string()) + " or run " +
            reinstall;
    }
    report.Fail(scope, "host.hello", code + ": " + message, fix);
  }
}

}  // namespace zcrm::doctor
