// Drives the real zcrm-bridge binary the way a browser does: a private state folder, argv as Chromium or
// Firefox pass it, framed JSON over pipes. Every wait is bounded; a timeout throws HostTestError, which gtest
// reports as a failure of the running test instead of hanging the suite.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "test_frames.hpp"

namespace zcrm::integration {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// The IDs config.json allows by default: a Chromium extension ID (32 letters a-p) and a Firefox add-on ID.
inline constexpr std::string_view kChromiumId = "abcdefghijklmnopabcdefghijklmnop";
inline constexpr std::string_view kGeckoId = "zcrm-bridge-tests@example.com";
// Far beyond any real answer time; reaching it means the host hangs.
inline constexpr std::chrono::milliseconds kIoTimeout = 10s;

class HostTestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// u32 native-endian length + body, as docs/PROTOCOL.md "Framing" describes: the tests' one framing helper.
using test_support::Header;
using test_support::SplitFrames;
inline std::string RawFrame(std::string_view body) {
  return test_support::Frame(body);
}
inline std::string Frame(const Json& request) {
  return test_support::Frame(request.dump());
}

// A new folder /tmp/<pattern> (ending in XXXXXX) made by mkdtemp, mode 0700; throws HostTestError on failure.
std::filesystem::path MakeTempDir(const char* pattern);

// A fresh state folder made by mkdtemp under /tmp (mode 0700) holding config.json, plus a separate scratch
// folder for stderr logs and the children's HOME. Both are removed in the destructor; $HOME is never touched.
class StateDir {
 public:
  explicit StateDir(const Json& config = DefaultConfig());
  ~StateDir();
  StateDir(const StateDir&) = delete;
  StateDir& operator=(const StateDir&) = delete;

  // {"allowed_extensions": [kChromiumId, kGeckoId]}
  static Json DefaultConfig();
  // DefaultConfig() with the given fields merged in, e.g. {"limits": {...}}.
  static Json ConfigWith(const Json& extra);

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& scratch() const { return scratch_; }
  void WriteConfig(const Json& config) const;
  // Every regular file under the state folder, recursively.
  std::vector<std::filesystem::path> Files() const;
  // The record files vault/*.zcb.
  std::vector<std::filesystem::path> VaultRecords() const;
  std::filesystem::path NextLogPath();

 private:
  std::filesystem::path path_;
  std::filesystem::path scratch_;
  int logs_ = 0;
};

// argv[1..] as browsers pass them.
std::vector<std::string> ChromiumArgs(std::string_view id = kChromiumId);    // chrome-extension://<id>/
std::vector<std::string> FirefoxArgs(std::string_view gecko_id = kGeckoId);  // manifest path, add-on ID

// The program HostProcess starts: the real host, or a launcher in front of it (tests/fault). Defined by each
// test binary in host_binary.cpp, compiled with its own ZCRM_HOST_BINARY, so these helpers build once.
const char* HostBinary();

// One running host process with ZCRM_BRIDGE_HOME set to the state folder.
class HostProcess {
 public:
  // argv = [HostBinary(), args...]; stdin and stdout are pipes, stderr goes to a file in the scratch
  // folder.
  HostProcess(StateDir& state, const std::vector<std::string>& args);
  ~HostProcess();  // a host still running is killed
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // false when the host no longer reads its stdin (EPIPE); throws when the bytes cannot go out in time.
  bool WriteRaw(std::string_view bytes);
  bool Send(const Json& request) { return WriteRaw(Frame(request)); }
  // The next frame's body, or nullopt on EOF exactly at a frame boundary. Throws on timeout or a partial
  // frame.
  std::optional<std::string> ReadFrame(std::chrono::milliseconds timeout = kIoTimeout);
  // The next frame parsed as JSON; throws on EOF.
  Json ReadAnswer(std::chrono::milliseconds timeout = kIoTimeout);
  Json Ask(const Json& request);
  // Every stdout byte not read yet, up to EOF.
  std::string ReadToEnd(std::chrono::milliseconds timeout = kIoTimeout);

  void CloseStdin();
  void CloseStdout();
  void Signal(int signal_number);
  // The exit code, or minus the signal number that ended the host. Kills the host and throws on timeout.
  int WaitExit(std::chrono::milliseconds timeout = kIoTimeout);
  // CloseStdin() then WaitExit().
  int Finish(std::chrono::milliseconds timeout = kIoTimeout);

  pid_t pid() const;
  int stdin_fd() const;
  int stdout_fd() const;
  // What the host wrote to stderr so far.
  std::string Stderr() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Starts a fresh host, asks every request in order, closes stdin and checks the host exits 0.
std::vector<Json> AskFresh(StateDir& state, const std::vector<Json>& requests,
                           const std::vector<std::string>& args = ChromiumArgs());
Json AskOnce(StateDir& state, const Json& request, const std::vector<std::string>& args = ChromiumArgs());

// The binary run as a person runs it (argv = command and options): its output and exit code.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CliRun RunCli(StateDir& state, const std::vector<std::string>& args);

// The error code of an answer, or "" for an ok answer.
std::string ErrorCode(const Json& answer);

}  // namespace zcrm::integration
