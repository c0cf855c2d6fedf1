// index.key: the key of one encrypted account-index cache of the calling browser, derived from the vault key
// (store/index_key.hpp), so the extension keeps only ciphertext in IndexedDB. Nothing is written.
#include "handlers/handlers.hpp"
#include "store/index_key.hpp"

namespace zcrm::handlers {

nlohmann::json Handle(Context& ctx, const protocol::IndexKey& r) {
  const auto key = ctx.vault().IndexKey(ctx.caller, r.index);
  return {{"index", r.index}, {"key", store::KeyToBase64(key)}};
}

}  // namespace zcrm::handlers
