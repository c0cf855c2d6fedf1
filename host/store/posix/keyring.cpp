#include "store/keyring.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "error/host_error.hpp"
#include "process/subprocess.hpp"

namespace zcrm::store {
namespace fs = std::filesystem;
namespace {

// Enough for the helper's one-line messages; more is cut so a misbehaving helper cannot grow the host.
constexpr std::size_t kMaxMessage = 1024;

// What the host asked the helper to do: decides the wording of a failure and whether the way back to a key
// file is worth naming.
enum class Operation { kProbe, kLookup, kStore, kClear };

std::string_view Doing(Operation operation) {
  switch (operation) {
    case Operation::kProbe:
      return "probing the keyring";
    case Operation::kLookup:
      return "reading the vault key";
    case Operation::kStore:
      return "storing the vault key";
    case Operation::kClear:
      return "removing the vault key";
  }
  return "using the keyring";
}

[[noreturn]] void Unavailable(const std::string& why) {
  throw HostError(ErrorCode::kKeyringUnavailable, why);
}

fs::path DefaultHelper() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return (ec ? fs::path("/usr/lib/zcrm-bridge") : self.parent_path()) / "zcrm-bridge-keyring";
}

// Runs the helper with args; its stdout goes straight into key's guarded memory (when given), never into a
// string. A helper that cannot be started is KEYRING_UNAVAILABLE.
process::Outcome Run(const fs::path& helper, std::vector<std::string> args,
                     std::span<const std::uint8_t> input, SecretKey* key, std::chrono::milliseconds timeout) {
  process::Command command;
  command.argv.push_back(helper.string());
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.input = input;
  command.deadline = timeout;
  command.max_stdout = 0;
  command.max_stderr = kMaxMessage;
  if (key) command.stdout_into = key->bytes();
  process::Outcome outcome = process::Run(command);
  if (outcome.ending == process::Ending::kNotStarted) {
    Unavailable("Cannot start the keyring helper " + helper.string() + ": " +
                std::strerror(outcome.start_errno) +
                (outcome.start_errno == ENOENT ? " (reinstall zcrm-bridge)" : ""));
  }
  auto& message = outcome.stderr_text;
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  return outcome;
}

[[noreturn]] void Explain(const process::Outcome& outcome, Operation operation,
                          std::chrono::milliseconds timeout) {
  const std::string doing(Doing(operation));
  if (outcome.ending == process::Ending::kTimedOut) {
    Unavailable("The keyring did not answer within " + std::to_string(timeout.count()) + " ms while " +
                doing + "; is it waiting for an unlock prompt?");
  }
  std::string why = outcome.stderr_text.empty() ? "the keyring helper failed" : outcome.stderr_text;
  // Only a key that already lives in the keyring needs the way back to a file; a store or a clear is simply
  // refused.
  if (outcome.Exited(keyring_exit::kNoService) && operation == Operation::kLookup) {
    why +=
        " (the vault key is kept in the Secret Service: start your desktop's keyring, or run "
        "`zcrm-bridge key move file` from a session where it runs)";
  }
  Unavailable("Cannot use the keyring while " + doing + ": " + why + ".");
}

std::vector<std::string> ItemArgs(const char* command, const KeyringItem& item) {
  return {command, item.vault, item.key_id};
}

}  // namespace

Keyring::Keyring(fs::path helper, std::chrono::milliseconds timeout)
    : helper_(helper.empty() ? DefaultHelper() : std::move(helper)), timeout_(timeout) {}

bool Keyring::SessionBusConfigured() {
  const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address && *address) return true;
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (!runtime || !*runtime) return false;
  struct stat st {};
  return ::stat((fs::path(runtime) / "bus").c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

bool Keyring::Available() const {
  try {
    return Run(helper_, {"probe"}, {}, nullptr, timeout_).Exited(keyring_exit::kDone);
  } catch (const HostError&) {
    return false;
  }
}

std::optional<SecretKey> Keyring::Lookup(const KeyringItem& item) const {
  SecretKey key;
  const auto outcome = Run(helper_, ItemArgs("lookup", item), {}, &key, timeout_);
  if (outcome.Exited(keyring_exit::kNoItem)) return std::nullopt;
  if (!outcome.Exited(keyring_exit::kDone)) Explain(outcome, Operation::kLookup, timeout_);
  if (outcome.stdout_bytes != SecretKey::kSize) {
    Unavailable("The keyring returned " + std::to_string(outcome.stdout_bytes) +
                " bytes for the vault key instead of 32.");
  }
  return key;
}

void Keyring::Store(const KeyringItem& item, const SecretKey& key) const {
  const auto outcome = Run(helper_, ItemArgs("store", item), key.bytes(), nullptr, timeout_);
  if (!outcome.Exited(keyring_exit::kDone)) Explain(outcome, Operation::kStore, timeout_);
}

bool Keyring::Clear(const KeyringItem& item) const {
  const auto outcome = Run(helper_, ItemArgs("clear", item), {}, nullptr, timeout_);
  if (outcome.Exited(keyring_exit::kNoItem)) return false;
  if (!outcome.Exited(keyring_exit::kDone)) Explain(outcome, Operation::kClear, timeout_);
  return true;
}

}  // namespace zcrm::store
