// Native-messaging frames for tests (unit, integration, fault, keyring): built on wire::EncodeFrame and
// wire::DecodeFrame, so the tests frame exactly as the host does. Header() alone exists for what the host
// never writes: forged lengths, frames over the limit, torn headers.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "wire/frame_reader.hpp"
#include "wire/frame_writer.hpp"

namespace zcrm::test_support {

// The 4-byte native-endian length prefix of a frame, for any length.
inline std::string Header(std::uint32_t length) {
  std::string header(sizeof length, '\0');
  std::memcpy(header.data(), &length, sizeof length);
  return header;
}

// One frame holding body; bodies over the outbound limit get a header anyway, as a hostile sender would
// write.
inline std::string Frame(std::string_view body) {
  if (auto frame = wire::EncodeFrame(body)) return *frame;
  return Header(static_cast<std::uint32_t>(body.size())) + std::string(body);
}

// Splits a byte stream into frame bodies; whatever does not form a whole frame is returned in leftover.
inline std::vector<std::string> SplitFrames(std::string_view bytes, std::string& leftover) {
  std::vector<std::string> frames;
  for (;;) {
    wire::ReadResult next = wire::DecodeFrame(bytes, std::numeric_limits<std::uint32_t>::max());
    if (next.status != wire::ReadStatus::kFrame) break;
    bytes.remove_prefix(sizeof(std::uint32_t) + next.body.size());
    frames.push_back(std::move(next.body));
  }
  leftover = std::string(bytes);
  return frames;
}

}  // namespace zcrm::test_support
