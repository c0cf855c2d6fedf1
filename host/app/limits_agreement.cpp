// The limits two parts each enforce, tied together where both are visible: the wire part frames messages and
// knows nothing of the protocol (data flows wire -> protocol), so the agreement lives here, on top of both.
// Changing one limit without the other stops the build.
#include "protocol/limits.hpp"
#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

namespace zcrm::app {

static_assert(wire::kMaxInboundFrame == protocol::kMaxMessageBytes,
              "docs/PROTOCOL.md documents one 1 MiB limit for requests");
static_assert(wire::kMaxOutboundFrame == protocol::kMaxMessageBytes,
              "docs/PROTOCOL.md documents one 1 MiB limit for answers");

}  // namespace zcrm::app
