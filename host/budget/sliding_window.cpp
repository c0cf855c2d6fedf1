#include "budget/sliding_window.hpp"

#include <algorithm>

namespace zcrm::budget {

SlidingWindow::SlidingWindow(Limit limit, std::vector<std::int64_t> grants)
    : limit_(limit), grants_(std::move(grants)) {
  // A budget of nothing would have no "next free" moment; config validation already requires at least 1.
  if (limit_.max < 1) limit_.max = 1;
  std::sort(grants_.begin(), grants_.end());
}

void SlidingWindow::Expire(std::int64_t now_ms) {
  // A grant at t occupies the window [t, t + window); at t + window it is free again.
  const auto cutoff = now_ms - limit_.window_ms;
  grants_.erase(grants_.begin(), std::upper_bound(grants_.begin(), grants_.end(), cutoff));
  // Grants stamped in the future (clock moved back) still count: refusing is the safe side with Zoho.
}

Snapshot SlidingWindow::SnapshotAt(std::int64_t now_ms) const {
  Snapshot s;
  s.limit = limit_.max;
  s.window_ms = limit_.window_ms;
  s.used = static_cast<int>(std::count_if(grants_.begin(), grants_.end(),
                                          [&](std::int64_t t) { return t > now_ms - limit_.window_ms; }));
  if (s.used < limit_.max) {
    s.next_free_at = now_ms;
  } else {
    // The (used - max + 1)-th oldest live grant must leave before a slot frees.
    const auto live_begin = grants_.end() - s.used;
    s.next_free_at = *(live_begin + (s.used - limit_.max)) + limit_.window_ms;
  }
  return s;
}

Decision SlidingWindow::Reserve(std::int64_t now_ms) {
  Expire(now_ms);
  Decision d;
  if (static_cast<int>(grants_.size()) < limit_.max) {
    grants_.insert(std::upper_bound(grants_.begin(), grants_.end(), now_ms), now_ms);
    d.granted = true;
  }
  d.snapshot = SnapshotAt(now_ms);
  if (!d.granted) d.retry_after_ms = std::max<std::int64_t>(1, d.snapshot.next_free_at - now_ms);
  return d;
}

Snapshot SlidingWindow::Peek(std::int64_t now_ms) const {
  return SnapshotAt(now_ms);
}

}  // namespace zcrm::budget
