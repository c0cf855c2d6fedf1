// One overload per message; each returns the answer's fields.
#pragma once

#include <nlohmann/json.hpp>

#include "handlers/context.hpp"
#include "protocol/messages.hpp"

namespace zcrm::handlers {

nlohmann::json Handle(Context& ctx, const protocol::Hello& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenStore& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenGet& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenStatus& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenForget& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenHandouts& r);
nlohmann::json Handle(Context& ctx, const protocol::BudgetReserve& r);
nlohmann::json Handle(Context& ctx, const protocol::BudgetGet& r);
nlohmann::json Handle(Context& ctx, const protocol::BudgetBlock& r);
nlohmann::json Handle(Context& ctx, const protocol::AccountChoose& r);
nlohmann::json Handle(Context& ctx, const protocol::AccountGet& r);
nlohmann::json Handle(Context& ctx, const protocol::AccountRecent& r);
nlohmann::json Handle(Context& ctx, const protocol::AccountClear& r);
nlohmann::json Handle(Context& ctx, const protocol::RequestRecord& r);
nlohmann::json Handle(Context& ctx, const protocol::RequestLog& r);
nlohmann::json Handle(Context& ctx, const protocol::IndexKey& r);
nlohmann::json Handle(Context& ctx, const protocol::TokenList& r);

}  // namespace zcrm::handlers
