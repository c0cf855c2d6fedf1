#include "app/caller.hpp"

#include <algorithm>

namespace zcrm::app {
namespace {

constexpr std::string_view kChromePrefix = "chrome-extension://";

bool IsChromiumId(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) { return c >= 'a' && c <= 'p'; });
}

// Gecko IDs are "name@domain" or "{uuid}"; anything else (slashes, spaces) is refused.
bool IsGeckoId(std::string_view id) {
  return !id.empty() && id.size() <= 256 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("._@{}+-").find(c) != std::string_view::npos;
  });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool IsBrowserLaunch(const std::vector<std::string>& args) {
  if (args.size() >= 2 && args[1].rfind(kChromePrefix, 0) == 0) return true;
  return args.size() >= 3 && EndsWith(args[1], ".json");
}

std::optional<Caller> CallerFromArgs(const std::vector<std::string>& args) {
  if (args.size() >= 2 && args[1].rfind(kChromePrefix, 0) == 0) {
    std::string_view rest = std::string_view(args[1]).substr(kChromePrefix.size());
    if (EndsWith(rest, "/")) rest.remove_suffix(1);
    if (IsChromiumId(rest)) return Caller{"chromium", std::string(rest)};
    return std::nullopt;
  }
  if (args.size() >= 3 && EndsWith(args[1], ".json") && IsGeckoId(args[2])) return Caller{"firefox", args[2]};
  return std::nullopt;
}

bool IsAllowed(const Caller& caller, const std::vector<std::string>& allowed_extensions) {
  return std::find(allowed_extensions.begin(), allowed_extensions.end(), caller.id) !=
         allowed_extensions.end();
}

}  // namespace zcrm::app
