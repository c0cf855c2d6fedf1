#include "app/cli.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "app/config.hpp"
#include "app/doctor_command.hpp"
#include "app/log_report.hpp"
#include "app/status_report.hpp"
#include "error/host_error.hpp"
#include "protocol/fields.hpp"
#include "protocol/messages.hpp"
#include "records/record_name.hpp"
#include "store/vault.hpp"

namespace zcrm::app {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;  // sysexits EX_USAGE

constexpr const char* kUsage =
    R"(zcrm-bridge - keeps a Zoho CRM login safe for the zcrm-bridge browser extension.

Browsers start this program themselves (native messaging). A person can run:
  zcrm-bridge status [--json]     what is stored, per client ID and data centre (never the token itself)
  zcrm-bridge log [--origin ORIGIN] [--limit N]
                                  which web apps used your sign-in: the Zoho CRM calls made for them and the
                                  token hand-outs, newest first (never a token, a body or a query)
  zcrm-bridge forget [--client-id ID] [--dc DC]
                                  sign out: forget stored tokens (all of them without filters)
  zcrm-bridge reset               move all stored state aside (kept in a reset-* folder) and start over
  zcrm-bridge key                 where the vault key is: the desktop keyring (Secret Service) or a key file
  zcrm-bridge key move keyring|file
                                  move the vault key there; stored tokens and accounts stay as they are
  zcrm-bridge doctor [--json] [--browser NAME]... [--profile-dir DIR]...
                                  check that browsers can reach this host: manifests, state folder, config, hello
  zcrm-bridge --version           print the version
  zcrm-bridge --help              print this help

State folder: $ZCRM_BRIDGE_HOME, else $XDG_CONFIG_HOME/zcrm-bridge, else ~/.config/zcrm-bridge.
)";

int Usage(const std::string& problem) {
  std::cerr << "zcrm-bridge: " << problem << "\n\n" << kUsage;
  return kExitUsage;
}

// Reads "--name value" pairs; anything else is a usage error.
bool ReadOptions(const std::vector<std::string>& args, std::size_t from, std::map<std::string, bool>& flags,
                 std::map<std::string, std::string>& values, std::string& problem) {
  for (std::size_t i = from; i < args.size(); ++i) {
    const auto& a = args[i];
    if (flags.count(a)) {
      flags[a] = true;
    } else if (values.count(a)) {
      if (i + 1 >= args.size()) {
        problem = a + " needs a value";
        return false;
      }
      values[a] = args[++i];
    } else {
      problem = "unknown option '" + a + "'";
      return false;
    }
  }
  return true;
}

// Why a --client-id or --dc value could name no stored token: the protocol's own rules (protocol::Fields), so
// the command line refuses what a request would. Empty when the value is fine.
std::string ScopeProblem(const std::string& option, const std::string& value) {
  const bool dc = option == "--dc";
  const std::string field = dc ? "dc" : "client_id";
  const nlohmann::json object{{field, value}};  // Fields keeps a reference: the object must outlive it
  try {
    const protocol::Fields fields(object);
    dc ? (void)fields.Dc() : (void)fields.ClientId();
    return "";
  } catch (const HostError& e) {
    std::string why = e.what();  // "Field 'dc' must be one of ...."
    const std::string head = "Field '" + field + "' ";
    if (why.rfind(head, 0) == 0) why.erase(0, head.size());
    if (!why.empty() && why.back() == '.') why.pop_back();
    return option + " " + why;
  }
}

// No key and no vault folder: the state of a fresh install (or none at all). A vault without its key is not
// this: opening it says what is wrong.
bool NothingStoredYet() {
  std::error_code ec;
  return !store::FindKey(StateDir()) && !std::filesystem::exists(StateDir() / "vault", ec);
}

// Its own loop rather than ReadOptions: a value given empty must be refused, not taken as "not given".
int Forget(const std::vector<std::string>& args) {
  std::map<std::string, std::string> values;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const auto& option = args[i];
    if (option != "--client-id" && option != "--dc") return Usage("unknown option '" + option + "'");
    if (i + 1 >= args.size()) return Usage(option + " needs a value");
    const auto& value = args[++i];
    if (const auto problem = ScopeProblem(option, value); !problem.empty()) return Usage(problem);
    values[option] = value;
  }
  if (NothingStoredYet()) {
    std::cout << "Nothing is stored, so there is no token to forget.\n";
    return 0;
  }
  auto vault = store::Vault::Open(StateDir(), {.create = false});
  auto lock = vault.Lock();
  int forgotten = 0;
  const auto& client = values["--client-id"];
  const auto& dc = values["--dc"];
  for (const auto& [stored_name, value] :
       vault.List(records::RecordName::Prefix(records::RecordKind::kToken)).records) {
    const auto name = records::RecordName::Parse(stored_name);
    if (!name || name->kind != records::RecordKind::kToken) continue;
    if (!client.empty() && name->client_id != client) continue;
    if (!dc.empty() && name->dc != dc) continue;
    forgotten += vault.Remove(lock, stored_name) ? 1 : 0;
  }
  std::cout << "Forgot " << forgotten << (forgotten == 1 ? " token" : " tokens")
            << ". Sign in again from the extension to use Zoho.\n";
  return 0;
}

// Its own loop rather than ReadOptions: a value given empty must be refused, not taken as "not given".
int Log(const std::vector<std::string>& args) {
  LogFilter filter;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const auto& option = args[i];
    if (option != "--origin" && option != "--limit") return Usage("unknown option '" + option + "'");
    if (i + 1 >= args.size()) return Usage(option + " needs a value");
    const auto& value = args[++i];
    if (option == "--origin") {
      if (!protocol::IsWebOrigin(value)) {
        return Usage(
            "--origin must be a web origin such as https://app.example.com (lowercase, no path; "
            "http only for localhost)");
      }
      filter.origin = value;
      continue;
    }
    std::size_t limit = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty() || limit == 0) {
      return Usage("--limit must be a whole number of at least 1");
    }
    filter.limit = limit;
  }
  return PrintLog(StateDir(), filter, std::cout);
}

int Reset() {
  const auto dir = StateDir();
  const auto moved = store::Vault::Reset(dir);
  std::cout << "Moved the stored state to " << moved.string()
            << ".\nThe next sign-in starts a fresh vault. Delete that folder once you no longer need it.\n";
  return 0;
}

// Where the first start will put the vault key, as config.json's "key_store" says.
std::string FirstKeyPlace() {
  auto preference = store::KeyPreference::kAuto;
  try {
    preference = LoadConfig(StateDir()).key_store;
  } catch (const HostError&) {
    // A config.json the host would refuse: doctor names it; here the default is described.
  }
  const std::string file = "the key file " + (StateDir() / store::kKeyFileName).string();
  switch (preference) {
    case store::KeyPreference::kKeyring:
      return "in the desktop keyring (Secret Service)";
    case store::KeyPreference::kFile:
      return "in " + file;
    case store::KeyPreference::kAuto:
      break;
  }
  return "in the desktop keyring when one is running, else in " + file;
}

int Key(const std::vector<std::string>& args) {
  const bool move = args.size() == 4 && args[2] == "move" && (args[3] == "keyring" || args[3] == "file");
  if (args.size() != 2 && !move) return Usage("use `key` or `key move keyring|file`");
  if (NothingStoredYet()) {
    std::cout << "Nothing is stored yet, so there is no vault key" << (move ? " to move" : "")
              << ". The first sign-in creates it " << FirstKeyPlace()
              << " (config.json's \"key_store\": auto, keyring or file).\n";
    return 0;
  }
  auto vault = store::Vault::Open(StateDir(), {.create = false});
  if (move) {
    const auto to = args[3] == "keyring" ? store::KeyPlace::kKeyring : store::KeyPlace::kFile;
    const bool moved = vault.MoveKey(to);
    std::cout << (moved ? "Moved the vault key to the " : "The vault key already is in the ")
              << (to == store::KeyPlace::kKeyring ? "keyring (Secret Service)" : "key file") << ".\n";
    return 0;
  }
  if (vault.key_place() == store::KeyPlace::kKeyring) {
    std::cout << "The vault key is in the keyring (Secret Service); "
              << (vault.root() / store::kKeyringMarkerName).string() << " names the item.\n";
  } else {
    std::cout << "The vault key is in the file " << (vault.root() / store::kKeyFileName).string()
              << " (mode 0600).\n";
  }
  return 0;
}

int Dispatch(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
    std::cout << kUsage;
    return 0;
  }
  const auto& command = args[1];
  if (command == "--version") {
    if (args.size() > 2) return Usage("--version takes no arguments");
    std::cout << "zcrm-bridge " << ZCRM_VERSION << " (protocol 1)\n";
    return 0;
  }
  if (command == "status") {
    std::map<std::string, bool> flags = {{"--json", false}};
    std::map<std::string, std::string> values;
    std::string problem;
    if (!ReadOptions(args, 2, flags, values, problem)) return Usage(problem);
    return PrintStatus(StateDir(), flags["--json"], std::cout);
  }
  if (command == "forget") return Forget(args);
  if (command == "log") return Log(args);
  if (command == "key") return Key(args);
  if (command == "doctor") return RunDoctor(args, Usage);
  if (command == "reset") {
    if (args.size() > 2) return Usage("reset takes no options");
    return Reset();
  }
  return Usage("unknown command '" + command + "'");
}

}  // namespace

int RunCli(const std::vector<std::string>& args) {
  try {
    return Dispatch(args);
  } catch (const HostError& e) {
    std::cerr << "zcrm-bridge: " << e.what() << " [" << ErrorCodeName(e.code()) << "]\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "zcrm-bridge: unexpected failure: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace zcrm::app
