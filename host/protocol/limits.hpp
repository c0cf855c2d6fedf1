// Every bound the protocol puts on a request, named with its reason (docs/PROTOCOL.md). A value here is the
// one definition; where another part must know the same number it refers to it or a static_assert ties the
// two. The per-message list bounds (kMaxHandouts, kMaxRequestLog, ...) live beside the messages in
// messages.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zcrm::protocol {

// One message either way is at most 1 MiB: browsers close the port on a larger host message, and the host
// refuses a larger request before parsing it. The wire part enforces both (it sits below the protocol and
// knows nothing of it); app/limits_agreement.cpp, which sees both, ties its frame limits to this one.
inline constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

// No valid request nests deeper than 4; the bound keeps parsing cheap for hostile input.
inline constexpr int kMaxJsonDepth = 32;
// A request id is echoed in the answer; 128 characters hold any counter or UUID a caller uses.
inline constexpr std::size_t kMaxIdLength = 128;
// The longest message type ("account.recent", "budget.reserve") has 14 characters; 64 leaves room to grow.
inline constexpr std::size_t kMaxTypeLength = 64;
// An enumerated word (source, kind, org type: "refresh", "production") is compared only after this bound, so
// a huge value is refused without being looked at.
inline constexpr std::size_t kMaxEnumWordLength = 16;

// Zoho OAuth client IDs look like "1000.ABCDEF..." (about 35 characters); 128 leaves headroom and keeps the
// record names built from them short.
inline constexpr std::size_t kMaxClientIdLength = 128;
// Data-centre codes are two letters (us, eu, ..., cn); 8 refuses anything else before the lookup.
inline constexpr std::size_t kMaxDataCentreLength = 8;

// Each browser profile's copy of the extension names itself with a random installation ID, so two profiles
// signed in as two Zoho users keep two tokens (issue 15). The extension makes 22 base64url characters (128
// bits); under 16 would be guessable by another profile, over 64 only lengthens the record names.
inline constexpr std::size_t kMinInstallationLength = 16;
inline constexpr std::size_t kMaxInstallationLength = 64;

// The Zoho user a token belongs to, kept only to show who is signed in: a display name as long as an org's,
// and an e-mail address at most as long as SMTP allows a path (RFC 5321: 256 with the brackets).
inline constexpr std::size_t kMaxUserNameLength = 200;
inline constexpr std::size_t kMaxUserEmailLength = 254;

// Zoho access tokens are about 70 characters; 4096 allows a format change while bounding the vault record.
inline constexpr std::size_t kMaxAccessTokenLength = 4096;
// Zoho access tokens live an hour; a day is the most any server is believed, so a wrong value cannot keep a
// token "valid" for long.
inline constexpr std::int64_t kMaxTokenLifetimeSeconds = 86400;
// An API domain is an origin such as https://www.zohoapis.eu: far below 256.
inline constexpr std::size_t kMaxApiDomainLength = 256;
// A granted scope list ("ZohoCRM.modules.ALL,ZohoCRM.settings.READ,..."): 2048 holds every CRM scope at once.
inline constexpr std::size_t kMaxScopeLength = 2048;
// "Bearer" or "Zoho-oauthtoken".
inline constexpr std::size_t kMaxTokenTypeLength = 32;
// How early before expiry a token counts as due for refresh: never more than its one-hour life.
inline constexpr std::int64_t kMaxRefreshMarginSeconds = 3600;

// Zoho CRM record and user IDs are decimal numbers of about 19 digits; module API names are short
// identifiers.
inline constexpr std::size_t kMaxAccountIdLength = 64;
inline constexpr std::size_t kMaxModuleNameLength = 64;
// An account's display name is only shown to the person; 256 holds any real one.
inline constexpr std::size_t kMaxAccountNameLength = 256;

}  // namespace zcrm::protocol
