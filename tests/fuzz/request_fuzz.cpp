// Fuzzes the request path as a long-lived host runs it: app::Responder::Answer, i.e. protocol::ParseEnvelope,
// the caller check, protocol::ParseRequest and handlers::Dispatch, against an encrypted vault held in memory
// (store::Vault::InMemory: records encoded and authenticated as on disk, without the file system calls that
// kept this target at about a thousand inputs a second). The state folder on disk holds only config.json. The
// responder and its vault are made again every kResetEvery inputs so the vault does not grow without bound
// during long runs.
//
// Input: frame bodies separated by a 0xFF byte (never valid inside UTF-8 JSON), answered in order by one
// Responder, so a store followed by a get in one input exercises state.
// Oracle: every answer is one JSON object under 1 MiB with "id" and a boolean "ok"; an error carries a code
// from docs/PROTOCOL.md that is never INTERNAL ("a bug") or FORBIDDEN (the caller is allowed); a request
// whose id was valid gets that id back.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "app/answer.hpp"
#include "protocol/response.hpp"
#include "store/vault.hpp"

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kChromiumId = "abcdefghijklmnopabcdefghijklmnop";
constexpr int kResetEvery = 2000;

[[noreturn]] void Broken(const std::string& what, std::string_view request, const std::string& answer) {
  std::fprintf(stderr, "fuzz_request: %s\n  request: %.*s\n  answer: %s\n", what.c_str(),
               static_cast<int>(std::min<std::size_t>(request.size(), 2000)), request.data(),
               answer.substr(0, 2000).c_str());
  std::abort();
}

fs::path g_root;  // the temp folder; the state folder is g_root/state

void RemoveRoot() {
  std::error_code ec;
  if (!g_root.empty()) fs::remove_all(g_root, ec);
}

fs::path StateFolder() {
  if (g_root.empty()) {
    const char* base = fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string tmpl = std::string(base) + "/zcrm-fuzz-request-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    g_root = tmpl;
    std::atexit(RemoveRoot);
  }
  return g_root / "state";
}

void FreshState() {
  const fs::path state = StateFolder();
  std::error_code ec;
  fs::remove_all(state, ec);
  fs::create_directory(state);
  fs::permissions(state, fs::perms::owner_all, fs::perm_options::replace);
  // Small limits so RATE_LIMITED is reachable; both browsers' IDs allowed.
  std::ofstream(state / "config.json")
      << R"({"allowed_extensions": ["abcdefghijklmnopabcdefghijklmnop", "fuzz@example.com"],)"
      << R"( "refresh_margin_s": 60, "limits": {"login": {"max": 3, "window_s": 600},)"
      << R"( "refresh": {"max": 5, "window_s": 1200}}})";
}

const std::set<std::string>& AllowedCodes() {
  static const std::set<std::string> codes = {"BAD_FRAME",           "FRAME_TOO_LARGE", "INVALID_JSON",
                                              "BAD_REQUEST",         "UNKNOWN_TYPE",    "NO_TOKEN",
                                              "TOKEN_EXPIRED",       "RATE_LIMITED",    "VAULT_CORRUPT",
                                              "KEY_MISMATCH",        "KEY_UNSAFE",      "STATE_UNAVAILABLE",
                                              "LOCK_TIMEOUT",        "CONFIG_INVALID",  "RESPONSE_TOO_LARGE",
                                              "KEYRING_UNAVAILABLE", "ZOHO_BLOCKED"};
  return codes;
}

// The request's top-level "id" when it is one the host must echo (an integer, or a string of at most 128
// bytes), read with a SAX pass: a second DOM of every input was a tenth of this target's time. Like the DOM
// parse it replaces, a repeated key counts by its last value, and a request that is not a JSON object has
// none.
class IdReader : public nlohmann::json_sax<json> {
 public:
  std::optional<json> id() const { return ok_ && object_ ? id_ : std::nullopt; }

  bool null() override { return Scalar(nullptr); }
  bool boolean(bool value) override { return Scalar(value); }
  bool number_integer(number_integer_t value) override { return Scalar(value); }
  bool number_unsigned(number_unsigned_t value) override { return Scalar(value); }
  bool number_float(number_float_t value, const string_t&) override { return Scalar(value); }
  bool string(string_t& value) override { return Scalar(value); }
  bool binary(binary_t&) override { return Scalar(nullptr); }
  bool start_object(std::size_t) override { return Open(true); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& name) override {
    at_id_ = depth_ == 1 && name == "id";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    ok_ = false;
    return false;
  }

 private:
  bool Scalar(const json& value) {
    Value(value);
    return true;
  }
  bool Open(bool is_object) {
    if (depth_ == 0) object_ = is_object;
    Value(std::nullopt);  // an object or array as the id is never echoed
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  void Value(const std::optional<json>& value) {
    if (!at_id_ || depth_ != 1) return;
    at_id_ = false;
    const bool echoed = value && (value->is_number_integer() ||
                                  (value->is_string() && value->get_ref<const std::string&>().size() <= 128));
    id_ = echoed ? value : std::nullopt;
  }

  int depth_ = 0;
  bool at_id_ = false, object_ = false, ok_ = true;
  std::optional<json> id_;
};

std::optional<json> RequestId(std::string_view request) {
  IdReader reader;
  json::sax_parse(request.begin(), request.end(), &reader);
  return reader.id();
}

void CheckAnswer(std::string_view request, const std::string& answer) {
  if (answer.size() > zcrm::protocol::kMaxResponseBytes) Broken("answer over 1 MiB", request, answer);
  const json a = json::parse(answer, nullptr, false);
  if (a.is_discarded() || !a.is_object()) Broken("answer is not a JSON object", request, answer);
  if (!a.contains("id") || !a.contains("ok") || !a["ok"].is_boolean())
    Broken("answer lacks id/ok", request, answer);
  if (!a["ok"].get<bool>()) {
    if (!a.contains("error") || !a["error"].is_object() || !a["error"].contains("code") ||
        !a["error"]["code"].is_string() || !a["error"].contains("message") ||
        !a["error"]["message"].is_string()) {
      Broken("error answer without code and message", request, answer);
    }
    const auto code = a["error"]["code"].get<std::string>();
    if (!AllowedCodes().count(code)) Broken("error code " + code + " must not happen here", request, answer);
  }
  // The id the host echoes must be the request's when the request carried a valid one (and was parsed: a body
  // nested too deep is refused before its id is read).
  if (!a["ok"].get<bool>() && a["error"]["code"] == "INVALID_JSON") return;
  const auto id = RequestId(request);
  if (id && a["id"] != *id) Broken("answer id differs from the request's", request, answer);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FreshState();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static int runs = 0;
  static std::optional<zcrm::app::Responder> responder;
  if (runs++ % kResetEvery == 0) {
    responder.emplace(zcrm::app::Caller{"chromium", std::string(kChromiumId)}, StateFolder());
    responder->UseVault(zcrm::store::Vault::InMemory());
  }

  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (int frames = 0; frames < 16; ++frames) {
    const auto cut = rest.find('\xff');
    const std::string_view frame = rest.substr(0, cut);
    CheckAnswer(frame, responder->Answer(frame));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  return 0;
}
