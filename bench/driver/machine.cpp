#include "machine.hpp"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "die.hpp"
#include "process.hpp"

namespace zcrm::bench {
namespace {

long FileSize(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) Die("stat %s: %s", path.c_str(), std::strerror(errno));
  return static_cast<long>(st.st_size);
}

long StrippedSize(const std::string& path, const std::string& out) {
  const Program strip{"/usr/bin/strip", {"-o", out, path}, EnvWith("")};
  Child c = Spawn(strip);
  CloseInput(c);
  FinishChild(c, "strip");
  return FileSize(out);
}

}  // namespace

std::string Machine() {
  utsname u{};
  uname(&u);
  std::string cpu = "unknown CPU";
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  return cpu + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs, Linux " + u.release;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string FsType(const std::string& dir) {
  struct statfs s {};
  if (statfs(dir.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794c7630:
      return "overlayfs";
    default: {
      char hex[32];
      std::snprintf(hex, sizeof hex, "0x%lx", static_cast<unsigned long>(s.f_type));
      return hex;
    }
  }
}

BinarySizes MeasureBinaries(const std::string& host, const std::string& floor, const std::string& work) {
  BinarySizes sizes;
  sizes.host_unstripped = FileSize(host);
  sizes.host_stripped = StrippedSize(host, work + "/host.stripped");
  sizes.floor_unstripped = FileSize(floor);
  sizes.floor_stripped = StrippedSize(floor, work + "/floor.stripped");
  return sizes;
}

}  // namespace zcrm::bench
