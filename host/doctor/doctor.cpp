// What is the same on every system: the command line and the output. Where browsers read the manifest and
// what makes the state folder private differ: doctor/posix/ and doctor/windows/.
#include "doctor/doctor.hpp"

#include <algorithm>

namespace zcrm::doctor {

std::optional<std::string> ParseArgs(const std::vector<std::string>& args, std::size_t from,
                                     Options& options) {
  const auto known = Browsers(BuiltinTable());
  for (std::size_t i = from; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--json") {
      options.json = true;
    } else if (a == "--browser" || a == "--profile-dir") {
      if (i + 1 >= args.size()) return a + " needs a value";
      const auto& value = args[++i];
      if (a == "--profile-dir") {
        options.profile_dirs.emplace_back(value);
      } else if (std::find(known.begin(), known.end(), value) == known.end()) {
        std::string names;
        for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
        return "unknown browser '" + value + "' (known: " + names + ")";
      } else {
        options.browsers.push_back(value);
      }
    } else {
      return "unknown option '" + a + "'";
    }
  }
  return std::nullopt;
}

int Run(const Options& options, std::ostream& out) {
  const Report report = Diagnose(options);
  if (options.json) {
    auto j = report.ToJson();
    j["state_dir"] = options.state_dir.string();
    out << j.dump(2) << "\n";
  } else {
    out << "zcrm-bridge doctor: state folder " << options.state_dir.string() << "\n\n";
    report.PrintTable(out);
  }
  return report.failed() ? 1 : 0;
}

}  // namespace zcrm::doctor
