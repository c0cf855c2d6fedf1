// The parts of the helper that need no process: framing, the state folder and argv.
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "host_process.hpp"

namespace zcrm::integration {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw HostTestError(what);
}

}  // namespace

fs::path MakeTempDir(const char* pattern) {
  std::string templ = (fs::path("/tmp") / pattern).string();
  if (::mkdtemp(templ.data()) == nullptr) Fail(std::string("mkdtemp: ") + std::strerror(errno));
  return templ;  // mkdtemp creates the folder with mode 0700
}

StateDir::StateDir(const Json& config)
    : path_(MakeTempDir("zcrm-int-state-XXXXXX")), scratch_(MakeTempDir("zcrm-int-scratch-XXXXXX")) {
  WriteConfig(config);
}

StateDir::~StateDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
  fs::remove_all(scratch_, ec);
}

Json StateDir::DefaultConfig() {
  return {{"allowed_extensions", {kChromiumId, kGeckoId}}};
}

Json StateDir::ConfigWith(const Json& extra) {
  Json config = DefaultConfig();
  config.update(extra);
  return config;
}

void StateDir::WriteConfig(const Json& config) const {
  std::ofstream out(path_ / "config.json", std::ios::trunc);
  out << config.dump(2) << "\n";
  if (!out) Fail("cannot write config.json");
}

std::vector<fs::path> StateDir::Files() const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(path_)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> StateDir::VaultRecords() const {
  std::vector<fs::path> records;
  if (!fs::exists(path_ / "vault")) return records;
  for (const auto& entry : fs::directory_iterator(path_ / "vault")) {
    if (entry.path().extension() == ".zcb") records.push_back(entry.path());
  }
  std::sort(records.begin(), records.end());
  return records;
}

fs::path StateDir::NextLogPath() {
  return scratch_ / ("stderr-" + std::to_string(logs_++) + ".log");
}

std::vector<std::string> ChromiumArgs(std::string_view id) {
  return {"chrome-extension://" + std::string(id) + "/"};
}

std::vector<std::string> FirefoxArgs(std::string_view gecko_id) {
  return {"/usr/lib/mozilla/native-messaging-hosts/zcrm_bridge.json", std::string(gecko_id)};
}

std::string ErrorCode(const Json& answer) {
  if (answer.value("ok", false)) return "";
  if (!answer.contains("error") || !answer["error"].is_object()) return "<no error object>";
  return answer["error"].value("code", "<no code>");
}

}  // namespace zcrm::integration
