#include "options.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

#include "die.hpp"

namespace zcrm::bench {
namespace {

std::vector<int> ParseSizes(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::atoi(item.c_str()));
  std::sort(out.begin(), out.end());
  if (out.empty() || out.front() < 1) Die("--sizes needs positive numbers, e.g. 1,100,10000");
  return out;
}

}  // namespace

Options ParseOptions(int argc, char** argv) {
  Options o;
  std::set<std::string> given;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("%s needs a value", a.c_str());
      given.insert(a);
      return argv[++i];
    };
    if (a == "--host") {
      o.host = value();
    } else if (a == "--floor") {
      o.floor = value();
    } else if (a == "--work") {
      o.work = value();
    } else if (a == "--json") {
      o.json = value();
    } else if (a == "--md") {
      o.md = value();
    } else if (a == "--note") {
      o.note = value();
    } else if (a == "--quick") {
      o.quick = true;
    } else if (a == "--only") {
      const std::string groups = "," + value() + ",";
      auto has = [&](const char* g) { return groups.find(std::string(",") + g + ",") != std::string::npos; };
      o.cold = has("cold");
      o.warm = has("warm");
      o.reserve = has("reserve");
      o.writes = has("writes");
    } else if (a == "--sizes") {
      o.sizes = ParseSizes(value());
    } else if (a == "--cold-runs") {
      o.cold_runs = std::atoi(value().c_str());
    } else if (a == "--warm-runs") {
      o.warm_runs = std::atoi(value().c_str());
    } else if (a == "--reserve-runs") {
      o.reserve_runs = std::atoi(value().c_str());
    } else if (a == "--write-seconds") {
      o.write_seconds = std::atof(value().c_str());
    } else {
      Die("unknown option %s", a.c_str());
    }
  }
  if (o.host.empty() || o.floor.empty() || o.work.empty()) Die("--host, --floor and --work are required");
  if (o.quick) {
    if (!given.contains("--sizes")) o.sizes = {1, 100};
    if (!given.contains("--cold-runs")) o.cold_runs = 20;
    if (!given.contains("--warm-runs")) o.warm_runs = 500;
    if (!given.contains("--reserve-runs")) o.reserve_runs = 50;
    if (!given.contains("--write-seconds")) o.write_seconds = 0.3;
    o.rss_runs = 2;
  }
  return o;
}

}  // namespace zcrm::bench
