// A block Zoho imposed on a client ID: after too many requests Zoho answers access_denied ("You have made too
// many requests continuously") and refuses new tokens for that client for the next ten minutes, and every
// attempt during the block extends it. The host records the block and refuses to let anyone try before it
// ends. Pure: time is passed in.
#pragma once

#include <cstdint>
#include <optional>

namespace zcrm::budget {

class ZohoBlock {
 public:
  // duration_ms: how long Zoho blocks after the last refused attempt (config "zoho_block_s").
  ZohoBlock(std::int64_t duration_ms, std::optional<std::int64_t> until);

  // Zoho refused again at now_ms: the block ends one duration later, whatever end was recorded before (the
  // last refused attempt is the one Zoho counts from). Returns the new end.
  std::int64_t Report(std::int64_t now_ms);

  // The end of the block when it is still on at now_ms, else nullopt (a block is over at exactly `until`).
  // Never later than now_ms + duration: Zoho's block ends at most one duration after the real time of the
  // last report, and that real time is never later than now, so a recorded end further ahead can only come
  // from a clock that moved back (or a shorter configured duration). Capping it is still the safe side with
  // Zoho, and a clock glitch cannot keep sign-in shut for longer than one block.
  std::optional<std::int64_t> ActiveUntil(std::int64_t now_ms) const;

  // The recorded end, uncapped, as records/budget_record.hpp stores it; nullopt when none was ever reported.
  std::optional<std::int64_t> until() const { return until_; }

 private:
  std::int64_t duration_ms_;
  std::optional<std::int64_t> until_;
};

}  // namespace zcrm::budget
