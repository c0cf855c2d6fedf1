// libsodium must be initialised once before any of its functions (its RNG and CPU feature detection).
#pragma once

namespace zcrm::store {

// Idempotent and thread-safe. Throws HostError INTERNAL when libsodium cannot start (no entropy source).
void EnsureSodium();

}  // namespace zcrm::store
