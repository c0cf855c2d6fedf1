// Ties the protocol's copies of its limits to the one definition in limits.hpp: changing one without the
// other stops the build here.
#include "protocol/limits.hpp"

#include "protocol/response.hpp"

namespace zcrm::protocol {

static_assert(kMaxResponseBytes == kMaxMessageBytes, "an answer is one outbound frame");

}  // namespace zcrm::protocol
