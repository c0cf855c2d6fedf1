#include "app/config.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "error/host_error.hpp"
#include "store/posix_io.hpp"

namespace zcrm::app {
namespace {

using nlohmann::json;

// A real config is a few hundred bytes; the bound keeps a huge file from exhausting memory.
constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

// "zoho_block_s", how long the host refuses a kind after Zoho blocked it (Zoho's own block is ten minutes).
// Down to 1 s, so tests against a fake Zoho need not wait ten minutes; up to a day, because a longer value
// can only be a mistake, and one report of a block would then shut sign-in for longer than anyone would wait.
constexpr std::int64_t kMinZohoBlockS = 1;
constexpr std::int64_t kMaxZohoBlockS = 24 * 3600;

[[noreturn]] void Invalid(const std::filesystem::path& file, const std::string& why) {
  throw HostError(ErrorCode::kConfigInvalid, "Config file " + file.string() + ": " + why);
}

std::int64_t Seconds(const json& obj, const char* key, std::int64_t fallback_ms,
                     const std::filesystem::path& file, std::int64_t min_s, std::int64_t max_s) {
  if (!obj.contains(key)) return fallback_ms;
  const auto& v = obj[key];
  if (!v.is_number_integer() || v.get<std::int64_t>() < min_s || v.get<std::int64_t>() > max_s) {
    Invalid(file, std::string(key) + " must be a whole number of seconds from " + std::to_string(min_s) +
                      " to " + std::to_string(max_s));
  }
  return v.get<std::int64_t>() * 1000;
}

budget::Limit ReadLimit(const json& limits, const char* kind, budget::Limit fallback,
                        const std::filesystem::path& file) {
  if (!limits.contains(kind)) return fallback;
  const auto& l = limits[kind];
  if (!l.is_object()) Invalid(file, std::string("limits.") + kind + " must be an object");
  budget::Limit out = fallback;
  if (l.contains("max")) {
    if (!l["max"].is_number_integer() || l["max"].get<std::int64_t>() < 1 ||
        l["max"].get<std::int64_t>() > 10000) {
      Invalid(file, std::string("limits.") + kind + ".max must be a whole number from 1 to 10000");
    }
    out.max = l["max"].get<int>();
  }
  out.window_ms = Seconds(l, "window_s", fallback.window_ms, file, 1, 7 * 24 * 3600);
  return out;
}

}  // namespace

Config LoadConfig(const std::filesystem::path& state_dir, const std::filesystem::path& system_config) {
  Config config;
  auto file = state_dir / "config.json";
  std::string text;
  // Never through a link: the list of allowed extensions must come from the state folder itself.
  if (const auto own = store::io::ReadFileIfExists(file, kMaxConfigBytes)) {
    if (own->size() > kMaxConfigBytes) Invalid(file, "is larger than 1 MiB");
    text.assign(own->begin(), own->end());
  } else if (!system_config.empty()) {
    // A package install has no per-user config.json: its system-wide config.json serves every user.
    file = system_config;
    std::ifstream in(file);
    if (!in) return config;
    std::stringstream system_text;
    system_text << in.rdbuf();
    text = system_text.str();
  } else {
    return config;
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) Invalid(file, "not a JSON object");
  if (!j.contains("allowed_extensions")) {
    Invalid(file,
            "allowed_extensions is missing: run the installer, or list the extension IDs allowed to call");
  }
  {
    const auto& ids = j["allowed_extensions"];
    if (!ids.is_array()) Invalid(file, "allowed_extensions must be a list of extension IDs");
    for (const auto& id : ids) {
      if (!id.is_string() || id.get_ref<const std::string&>().empty() ||
          id.get_ref<const std::string&>().size() > 256) {
        Invalid(file, "allowed_extensions must hold non-empty strings");
      }
      config.allowed_extensions.push_back(id.get<std::string>());
    }
  }
  config.settings.refresh_margin_ms =
      Seconds(j, "refresh_margin_s", config.settings.refresh_margin_ms, file, 0, 3600);
  config.settings.zoho_block_ms =
      Seconds(j, "zoho_block_s", config.settings.zoho_block_ms, file, kMinZohoBlockS, kMaxZohoBlockS);
  if (j.contains("key_store")) {
    const auto& place = j["key_store"];
    const auto parsed =
        place.is_string() ? store::ParseKeyPreference(place.get<std::string>()) : std::nullopt;
    if (!parsed) Invalid(file, "key_store must be \"auto\", \"keyring\" or \"file\"");
    config.key_store = *parsed;
  }
  if (j.contains("limits")) {
    if (!j["limits"].is_object()) Invalid(file, "limits must be an object");
    config.settings.login = ReadLimit(j["limits"], "login", config.settings.login, file);
    config.settings.refresh = ReadLimit(j["limits"], "refresh", config.settings.refresh, file);
  }
  return config;
}

}  // namespace zcrm::app
