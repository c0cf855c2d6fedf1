// The requests the benchmark sends and the checks on their answers, as JSON built and parsed by nlohmann.
#pragma once

#include <string>

namespace zcrm::bench {

// The extension identity the host is started for (extension/manifest.json "key") and the client ID it signs
// in.
inline constexpr const char* kExtensionId = "mciafbmjacfgnhggggcgpdideanjcieg";
inline constexpr const char* kClientId = "1000.BENCH";

// Request bodies; `id` is the running index of the request.
std::string HelloRequest(long id);
std::string TokenGetRequest(long id);
// A web app's token read: the host writes the hand-out down (durably) before answering (docs/PROTOCOL.md).
std::string TokenGetForOriginRequest(long id);
std::string AccountGetRequest(long id);
// Rotating over 16 client IDs keeps each budget record near the real 20-grant limit at a few hundred
// grants/s.
std::string BudgetReserveRequest(long id);
// token.store for kClientId, the token every read asks for.
std::string StoreOwnTokenRequest(long id);
// token.store for client 1000.W<writer>: each concurrent writer has a record of its own.
std::string StoreWriterTokenRequest(int writer, long id);
// token.store for client 1000.F<id>: one more token in the vault.
std::string StoreFillerTokenRequest(long id);
// The chosen account every account.get asks for.
std::string ChooseAccountRequest();

// The state dir's config.json: the extension allowed, and a huge budget with a 1 s window so budget.reserve
// is measured, never refused.
std::string BenchConfig();

// Dies unless `answer` is a JSON object with "ok": true.
void CheckOk(const std::string& answer, const std::string& what);
// Dies unless a hello answer names the extension as its caller.
void CheckHelloNamesCaller(const std::string& answer);

}  // namespace zcrm::bench
