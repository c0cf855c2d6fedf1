#include "budget/zoho_block.hpp"

#include <algorithm>

namespace zcrm::budget {

ZohoBlock::ZohoBlock(std::int64_t duration_ms, std::optional<std::int64_t> until)
    : duration_ms_(duration_ms), until_(until) {
  // A block of nothing would never refuse; config validation already requires at least 1 s.
  if (duration_ms_ < 1) duration_ms_ = 1;
}

std::int64_t ZohoBlock::Report(std::int64_t now_ms) {
  until_ = now_ms + duration_ms_;
  return *until_;
}

std::optional<std::int64_t> ZohoBlock::ActiveUntil(std::int64_t now_ms) const {
  if (!until_ || *until_ <= now_ms) return std::nullopt;
  return std::min(*until_, now_ms + duration_ms_);
}

}  // namespace zcrm::budget
