#include "doctor/managed_fields.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>
#include <set>

namespace zcrm::doctor {
namespace {

using nlohmann::json;

// extension/lib/datacenters.js, in its order.
constexpr std::array<std::string_view, 10> kDataCentres = {"us", "eu", "in", "au", "jp",
                                                           "ca", "sa", "uk", "cn", "ae"};
// extension/lib/settings.js CRM_VERSIONS.
constexpr std::array<std::string_view, 9> kCrmVersions = {"2", "2.1", "2.2", "3", "4", "5", "6", "7", "8"};
constexpr std::array<std::string_view, 3> kLevels = {"account", "crm", "token"};
constexpr std::array<std::string_view, 5> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
constexpr std::size_t kMaxFields = 50;

bool OneOf(std::string_view value, const auto& list) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool Matches(const std::string& s, const char* pattern) {
  return std::regex_match(s, std::regex(pattern));
}

// JavaScript's String(value), for the few places the extension converts before checking.
std::string JsString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "null";
  if (v.is_number_integer()) return v.dump();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
      return std::to_string(static_cast<long long>(d));
    std::array<char, 64> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    return std::string(buf.data(), r.ptr);
  }
  if (v.is_array()) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + (v[i].is_null() ? "" : JsString(v[i]));
    return out;
  }
  return "[object Object]";
}

// lib/settings.js integer(): an integral number, or a string of digits.
std::optional<long long> Integer(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return static_cast<long long>(d);
    return std::nullopt;
  }
  if (v.is_string()) {
    const auto s = Trim(v.get<std::string>());
    if (!s.empty() && s.size() < 16 &&
        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::stoll(s);
  }
  return std::nullopt;
}

// lib/origins.js hostError.
std::optional<std::string> HostError(const std::string& host) {
  if (host == "[::1]") return std::nullopt;
  if (host.empty()) return "The address has no host name.";
  if (host.size() > 253) return "The host name is longer than 253 characters.";
  if (host.front() == '[') return "IPv6 addresses other than [::1] are not supported.";
  if (host.find('*') != std::string::npos) return "Wildcards are not allowed; list each origin on its own.";
  // A browser turns a non-ASCII name into punycode before the extension sees it.
  if (std::any_of(host.begin(), host.end(), [](unsigned char c) { return c >= 0x80; })) return std::nullopt;
  std::size_t start = 0;
  while (true) {
    const auto dot = host.find('.', start);
    const auto label = host.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!Matches(label, "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"))
      return "The host name is not a valid domain name.";
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

struct Url {
  std::string scheme, host, port, rest;  // rest: from the first '/', '?' or '#' after the host on
  bool userinfo = false;
};

// Enough of the WHATWG URL parser for scheme://host[:port][rest]; nullopt where new URL() would throw.
std::optional<Url> ParseUrl(const std::string& raw) {
  static const std::regex kScheme("^([A-Za-z][A-Za-z0-9+.-]*)://");
  std::smatch m;
  if (!std::regex_search(raw, m, kScheme)) return std::nullopt;
  Url u;
  u.scheme = Lower(m[1].str());
  const std::string after = raw.substr(m[0].length());
  const auto end = after.find_first_of("/?#");
  std::string authority = after.substr(0, end);
  u.rest = end == std::string::npos ? "" : after.substr(end);
  const auto at = authority.rfind('@');
  if (at != std::string::npos) {
    u.userinfo = true;
    authority = authority.substr(at + 1);
  }
  std::string host = authority;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = host.substr(0, close + 1);
    host = host.substr(close + 1);
    if (!host.empty() && host.front() != ':') return std::nullopt;
    if (!host.empty()) u.port = host.substr(1);
  } else {
    const auto colon = host.rfind(':');
    u.host = host.substr(0, colon);
    if (colon != std::string::npos) u.port = host.substr(colon + 1);
  }
  u.host = Lower(u.host);
  if (u.port.size() > 5 ||
      !std::all_of(u.port.begin(), u.port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (!u.port.empty() && std::stol(u.port) > 65535) return std::nullopt;
  if (u.host.empty() && (u.scheme == "http" || u.scheme == "https")) return std::nullopt;
  if (u.host.find_first_of(" <>^|\\%") != std::string::npos) return std::nullopt;
  return u;
}

bool Loopback(const std::string& host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

std::string Origin(const Url& u) {
  const bool default_port =
      u.port.empty() || (u.scheme == "https" && u.port == "443") || (u.scheme == "http" && u.port == "80");
  return u.scheme + "://" + u.host + (default_port ? "" : ":" + u.port);
}

// lib/origins.js validateOrigin: the normalized origin, or an error sentence.
std::pair<std::string, std::string> CheckOrigin(const json& v) {
  if (!v.is_string() || Trim(v.get<std::string>()).empty())
    return {"", "Enter an origin such as https://app.example.com."};
  const auto raw = Trim(v.get<std::string>());
  const std::string scheme_error = "An origin starts with https:// (for example https://app.example.com).";
  if (!std::regex_search(raw, std::regex("^[A-Za-z][A-Za-z0-9+.-]*://"))) return {"", scheme_error};
  const auto u = ParseUrl(raw);
  if (!u) return {"", "This is not a valid web address."};
  if (u->scheme != "https" && u->scheme != "http") return {"", scheme_error};
  if (u->userinfo) return {"", "An origin cannot contain a user name or password."};
  if (raw.find('?') != std::string::npos)
    return {"", "An origin cannot contain a query (the part after \"?\")."};
  if (raw.find('#') != std::string::npos)
    return {"", "An origin cannot contain a fragment (the part after \"#\")."};
  if (!u->rest.empty() && u->rest != "/")
    return {"", "An origin has no path: remove everything after the host name and port."};
  if (auto e = HostError(u->host)) return {"", *e};
  if (u->scheme == "http" && !Loopback(u->host))
    return {"", "Use https://; plain http:// is allowed only for localhost, 127.0.0.1 and [::1]."};
  return {Origin(*u), ""};
}

std::optional<std::string> CheckCapture(const json& v) {
  if (!v.is_string() || Trim(v.get<std::string>()).empty())
    return "Enter the full redirect URL, starting with https://.";
  const auto raw = Trim(v.get<std::string>());
  if (raw.find('#') != std::string::npos) return "Leave out the fragment (the part from \"#\" on).";
  const auto u = ParseUrl(raw);
  if (!u) return "This is not a full web address; it must start with https://.";
  if (u->scheme != "https" && !(u->scheme == "http" && Loopback(u->host)))
    return "The redirect URL must start with https:// (http:// only on localhost or 127.0.0.1).";
  if (u->userinfo) return "The redirect URL cannot contain a user name or password.";
  return HostError(u->host);
}

// lib/settings.js overrideUrl.
std::optional<std::string> CheckOverride(const json& v) {
  if (v.is_null() || (v.is_string() && Trim(v.get<std::string>()).empty())) return std::nullopt;
  const std::string bad = "Enter an address such as https://proxy.example.com (no path), or leave it empty.";
  if (!v.is_string()) return bad;
  const auto raw = Trim(v.get<std::string>());
  const auto u = ParseUrl(raw);
  if (!u || (u->scheme != "https" && u->scheme != "http") || u->userinfo ||
      (!u->rest.empty() && u->rest != "/") || raw.find_first_of("?#") != std::string::npos)
    return bad;
  return std::nullopt;
}

using Problems = std::vector<std::string>;

void CheckModules(const json& raw, Problems& out) {
  if (!raw.is_array()) {
    out.push_back("a site at the crm level lists the modules it may call, such as Accounts");
    return;
  }
  std::size_t good = 0;
  for (const auto& m : raw) {
    const json name = m.is_string() ? m : (m.is_object() && m.contains("name") ? m["name"] : json());
    if (!name.is_string() || !Matches(name.get<std::string>(), "[A-Za-z][A-Za-z0-9_]{0,63}")) {
      out.push_back("\"" + JsString(name).substr(0, 64) + "\" is not a Zoho CRM module name");
      continue;
    }
    bool ok = true;
    if (m.is_object() && m.contains("methods") && m["methods"].is_array()) {
      for (const auto& x : m["methods"]) {
        std::string method = JsString(x);
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        if (!OneOf(method, kMethods)) ok = false;
      }
    }
    if (!ok)
      out.push_back(name.get<std::string>() + ": a method is not one of GET, POST, PUT, PATCH, DELETE");
    else
      ++good;
  }
  if (good == 0 && out.empty())
    out.push_back("a site at the crm level needs at least one module, such as Accounts");
}

Problems CheckWebApps(const json& raw) {
  if (!raw.is_array()) return {"list the web apps as an array of {origin, level, modules}"};
  Problems out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto& app = raw[i];
    const json entry = app.is_object() ? app : json{{"origin", app}};
    const auto [origin, error] = CheckOrigin(entry.value("origin", json()));
    const std::string at = "entry " + std::to_string(i + 1) + ": ";
    json level = entry.contains("level") && !entry["level"].is_null() ? entry["level"] : json();
    if (level.is_null()) level = entry.value("canReadToken", json(false)) == json(true) ? "token" : "account";
    if (!error.empty()) {
      out.push_back(at + error);
    } else if (seen.count(origin)) {
      out.push_back(at + origin + " is listed twice");
    } else if (!level.is_string() || !OneOf(level.get<std::string>(), kLevels)) {
      out.push_back(at + origin + ": the level is one of account, crm, token");
    } else {
      Problems modules;
      if (level == "crm") CheckModules(entry.value("modules", json()), modules);
      for (const auto& p : modules) out.push_back(at + origin + ": " + p);
      if (modules.empty()) seen.insert(origin);
    }
  }
  return out;
}

Problems CheckAccountSource(const json& raw) {
  const json type = raw.is_object() ? raw.value("type", json()) : json();
  if (type != "users" && type != "module") return {"type is \"users\" or \"module\""};
  if (type == "users") return {};
  Problems out;
  const json module = raw.contains("module") ? raw["module"] : json("Accounts");
  const std::string m = module.is_string() ? Trim(module.get<std::string>()) : "";
  if (!module.is_string() || !Matches(m, "[A-Za-z][A-Za-z0-9_]{0,63}"))
    out.push_back("module is not a CRM module's API name");
  static const std::pair<const char*, const char*> kNames[] = {
      {"Accounts", "Account_Name"},  {"Contacts", "Full_Name"},  {"Leads", "Full_Name"},
      {"Deals", "Deal_Name"},        {"Vendors", "Vendor_Name"}, {"Products", "Product_Name"},
      {"Campaigns", "Campaign_Name"}};
  std::string name_default = "Name";
  for (const auto& [mod, field] : kNames) {
    if (m == mod) name_default = field;
  }
  const json name = raw.contains("nameField") ? raw["nameField"] : json(name_default);
  const std::string field_re = "[A-Za-z][A-Za-z0-9_]{0,99}";
  const std::string n = name.is_string() ? Trim(name.get<std::string>()) : "";
  if (!name.is_string() || !Matches(n, field_re.c_str()))
    out.push_back("nameField is not a field's API name");
  const json fields = raw.contains("fields") ? raw["fields"] : json::array({name});
  if (!fields.is_array() || fields.empty()) {
    out.push_back("fields lists at least one field");
  } else {
    std::set<std::string> unique{n};
    for (const auto& f : fields) {
      if (!f.is_string() || !Matches(Trim(f.get<std::string>()), field_re.c_str())) {
        out.push_back("fields: " + JsString(f) + " is not a field's API name");
        return out;
      }
      unique.insert(Trim(f.get<std::string>()));
    }
    if (unique.size() > kMaxFields)
      out.push_back("fields: Zoho returns at most 50 fields, the name field included");
  }
  return out;
}

Problems CheckField(const std::string& key, const json& v) {
  if (key == "clientId") {
    if (v.is_null() || (v.is_string() && Trim(v.get<std::string>()).empty()))
      return {"the client ID is empty"};
    if (!v.is_string() || !Matches(Trim(v.get<std::string>()), "[A-Za-z0-9._-]{1,128}"))
      return {"a Zoho client ID has 1 to 128 letters, digits, \".\", \"_\" or \"-\", such as 1000.ABC123"};
    return {};
  }
  if (key == "dc") {
    if (!v.is_string() || !OneOf(Lower(Trim(v.get<std::string>())), kDataCentres))
      return {"the data centre is one of us, eu, in, au, jp, ca, sa, uk, cn, ae"};
    return {};
  }
  if (key == "scopes") {
    if (!v.is_array()) return {"list at least one Zoho scope, such as ZohoCRM.users.READ"};
    std::size_t count = 0;
    for (const auto& s : v) {
      if (s.is_string() && Trim(s.get<std::string>()).empty()) continue;
      ++count;
      if (!s.is_string() || !Matches(Trim(s.get<std::string>()), "[A-Za-z0-9._]+"))
        return {JsString(s) + " is not a Zoho scope"};
    }
    if (count == 0) return {"list at least one Zoho scope, such as ZohoCRM.users.READ"};
    return {};
  }
  if (key == "crmVersion") {
    std::string s = Trim(JsString(v));
    if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.erase(0, 1);
    if (!OneOf(s, kCrmVersions)) return {"the CRM API version is one of 2, 2.1, 2.2, 3, 4, 5, 6, 7, 8"};
    return {};
  }
  if (key == "accountSource") return CheckAccountSource(v);
  if (key == "webApps") return CheckWebApps(v);
  if (key == "redirectCaptures") {
    if (!v.is_array()) return {"list the redirect URLs as an array"};
    Problems out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto e = CheckCapture(v[i])) out.push_back("entry " + std::to_string(i + 1) + ": " + *e);
    }
    return out;
  }
  if (key == "baseUrlOverride") {
    if (!v.is_object() && !v.is_array())
      return {"the server overrides are {\"accounts\", \"api\"} addresses"};
    Problems out;
    for (const char* k : {"accounts", "api"}) {
      if (v.is_object() && v.contains(k)) {
        if (auto e = CheckOverride(v[k])) out.push_back(std::string(k) + ": " + *e);
      }
    }
    return out;
  }
  if (key == "dcOverrides") {
    if (v.is_null()) return {};
    if (!v.is_object()) return {"the per-data-centre servers are a data-centre code with two addresses each"};
    Problems out;
    for (const auto& [dc, pair] : v.items()) {
      if (!OneOf(dc, kDataCentres)) {
        out.push_back(dc + " is not a data centre");
        continue;
      }
      for (const char* k : {"accounts", "api"}) {
        if (pair.is_object() && pair.contains(k)) {
          if (auto e = CheckOverride(pair[k])) out.push_back(dc + "." + k + ": " + *e);
        }
      }
    }
    return out;
  }
  if (key == "refreshEarlyMinutes") {
    const auto n = Integer(v);
    if (!n || *n < 0 || *n > 30) return {"refresh between 0 and 30 minutes before the token expires"};
    return {};
  }
  if (key == "crmConcurrency") {
    const auto n = Integer(v);
    if (!n || *n < 1 || *n > 25) return {"allow 1 to 25 CRM calls at a time"};
    return {};
  }
  if (key == "syncIntervalMinutes") {
    // extension/lib/settings.js SYNC_INTERVAL_MINUTES: each sync costs Zoho API credits; a day at the most.
    const auto n = Integer(v);
    if (!n || *n < 1 || *n > 1440) return {"sync the account list every 1 to 1440 minutes (24 hours)"};
    return {};
  }
  return {};
}

}  // namespace

const std::vector<std::string>& ManagedSettingNames() {
  static const std::vector<std::string> names = {"clientId",         "dc",
                                                 "scopes",           "crmVersion",
                                                 "accountSource",    "webApps",
                                                 "redirectCaptures", "baseUrlOverride",
                                                 "dcOverrides",      "refreshEarlyMinutes",
                                                 "crmConcurrency",   "syncIntervalMinutes"};
  return names;
}

std::vector<FieldProblem> CheckManagedSettings(const json& settings) {
  if (!settings.is_object()) return {{"*", false, "not an object of setting names and values"}};
  std::vector<FieldProblem> out;
  const auto& names = ManagedSettingNames();
  for (const auto& [key, value] : settings.items()) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      out.push_back({key, true, "not a zcrm-bridge setting"});
      continue;
    }
    const auto problems = CheckField(key, value);
    if (problems.empty()) continue;
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
    out.push_back({key, false, message});
  }
  return out;
}

}  // namespace zcrm::doctor
