// The name of ReplaceFile's temp file, the same on every system.
#pragma once

#include <string>

namespace zcrm::store {

// name + ".tmp-" + 16 random hex digits. The suffix never ends in ".zcb", so List and the key-missing check
// never mistake a temp file for a record.
std::string TempName(const std::string& name);

}  // namespace zcrm::store
