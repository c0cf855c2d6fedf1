// What the report says about the machine and the binaries it measured.
#pragma once

#include <string>

namespace zcrm::bench {

// "<CPU model>, <n> CPUs, Linux <release>"
std::string Machine();
// The 1-minute load average as /proc/loadavg prints it, or "?".
std::string LoadAverage();
// The file system under `dir` (ext4, tmpfs, ...), or its magic number in hex.
std::string FsType(const std::string& dir);

struct BinarySizes {
  long host_unstripped = 0, host_stripped = 0, floor_unstripped = 0, floor_stripped = 0;
};

// Strips copies of both programs into `work` to measure them.
BinarySizes MeasureBinaries(const std::string& host, const std::string& floor, const std::string& work);

}  // namespace zcrm::bench
