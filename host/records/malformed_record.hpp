// A stored record that authenticates but does not hold what its kind must: only a host bug (or someone
// holding the key) writes one. Not a HostError on purpose: nothing the caller did, so the one error boundary
// (app/answer.cpp) answers INTERNAL, as it did when such a record made the JSON library throw.
#pragma once

#include <stdexcept>
#include <string>

namespace zcrm::records {

struct MalformedRecord : std::runtime_error {
  explicit MalformedRecord(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace zcrm::records
