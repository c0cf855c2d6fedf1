#include "handlers/dispatch.hpp"

#include "handlers/handlers.hpp"

namespace zcrm::handlers {

nlohmann::json Dispatch(Context& ctx, const protocol::Request& request) {
  return std::visit([&](const auto& r) { return Handle(ctx, r); }, request);
}

}  // namespace zcrm::handlers
