// A sliding-window budget: at most `max` grants in any window of `window_ms`. Pure: time is passed in.
#pragma once

#include <cstdint>
#include <vector>

namespace zcrm::budget {

struct Limit {
  int max = 0;
  std::int64_t window_ms = 0;
};

struct Snapshot {
  int used = 0;
  int limit = 0;
  std::int64_t window_ms = 0;
  std::int64_t next_free_at = 0;  // now when a slot is free, else when the oldest grant leaves the window
};

struct Decision {
  bool granted = false;
  Snapshot snapshot;                // after the decision
  std::int64_t retry_after_ms = 0;  // > 0 only when refused
};

class SlidingWindow {
 public:
  SlidingWindow(Limit limit, std::vector<std::int64_t> grants);

  // Grants and records a slot at now_ms, or refuses with how long until one frees.
  Decision Reserve(std::int64_t now_ms);
  Snapshot Peek(std::int64_t now_ms) const;

  // What to keep between runs (records/budget_record.hpp stores them): pass them back to the constructor.
  const std::vector<std::int64_t>& grants() const { return grants_; }

 private:
  void Expire(std::int64_t now_ms);
  Snapshot SnapshotAt(std::int64_t now_ms) const;

  Limit limit_;
  std::vector<std::int64_t> grants_;  // ascending
};

}  // namespace zcrm::budget
