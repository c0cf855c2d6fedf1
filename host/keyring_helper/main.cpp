// zcrm-bridge-keyring: keeps the vault key in the Secret Service (GNOME Keyring, KWallet) through libsecret.
//
// A program of its own so the host stays a static binary that starts in about a millisecond: only a host
// whose key lives in the keyring pays for GLib and D-Bus, and only when it opens the vault. The host starts
// it with a fixed argv; the key travels over stdin/stdout pipes, never argv, the environment or a file.
//
//   zcrm-bridge-keyring probe                    exit 0 when a Secret Service answers
//   zcrm-bridge-keyring lookup <vault> <key-id>  the 32-byte key on stdout
//   zcrm-bridge-keyring store <vault> <key-id>   reads the 32-byte key from stdin and stores it
//   zcrm-bridge-keyring clear <vault> <key-id>   removes the item
//
// Exit codes (defined once, in store/keyring.hpp): 0 done, 2 no such item, 3 no Secret Service, 4 the item or
// the keyring is locked, 5 anything else. Errors go to stderr as one line; it never holds the key.
#include <libsecret/secret.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "keyring_contract/keyring_contract.hpp"

namespace {

// The exit codes and the key size are the host's own: one definition for both sides of the pipe.
using zcrm::keyring_contract::exit_code::kDone;
using zcrm::keyring_contract::exit_code::kFailed;
using zcrm::keyring_contract::exit_code::kLocked;
using zcrm::keyring_contract::exit_code::kNoItem;
using zcrm::keyring_contract::exit_code::kNoService;
using zcrm::keyring_contract::exit_code::kUsage;
constexpr std::size_t kKeySize = zcrm::keyring_contract::kKeySize;
constexpr const char* kLockedMessage =
    "the keyring holding the vault key is locked; unlock it (log in again, or open Passwords and Keys)";

// The item's schema: "vault" is the state folder the key opens, "key_id" tells apart keys of successive
// resets.
const SecretSchema kSchema = {
    ZCRM_KEYRING_SCHEMA,
    SECRET_SCHEMA_NONE,
    {{"vault", SECRET_SCHEMA_ATTRIBUTE_STRING}, {"key_id", SECRET_SCHEMA_ATTRIBUTE_STRING}, {nullptr, {}}},
    0,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr};

struct GErrorFree {
  void operator()(GError* e) const { g_error_free(e); }
};
struct GObjectUnref {
  void operator()(void* o) const { g_object_unref(o); }
};
struct HashUnref {
  void operator()(GHashTable* t) const { g_hash_table_unref(t); }
};
struct ValueUnref {
  void operator()(SecretValue* v) const { secret_value_unref(v); }
};
using Error = std::unique_ptr<GError, GErrorFree>;
using Service = std::unique_ptr<SecretService, GObjectUnref>;
using Attributes = std::unique_ptr<GHashTable, HashUnref>;
using Value = std::unique_ptr<SecretValue, ValueUnref>;

int Fail(int code, const std::string& what, const GError* error = nullptr) {
  std::fprintf(stderr, "zcrm-bridge-keyring: %s%s%s\n", what.c_str(), error ? ": " : "",
               error ? error->message : "");
  return code;
}

// No Secret Service on the bus, or no bus at all: the caller falls back to (or reports) the key file.
Service Connect(int& code) {
  GError* raw = nullptr;
  Service service(secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nullptr, &raw));
  Error error(raw);
  if (!service) code = Fail(kNoService, "no Secret Service answered", error.get());
  return service;
}

Attributes AttributesOf(const char* vault, const char* key_id) {
  return Attributes(secret_attributes_build(&kSchema, "vault", vault, "key_id", key_id, nullptr));
}

bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// libsecret's search leaves out items of a locked keyring; asking the service itself tells "locked" from
// "missing".
bool LockedMatchExists(SecretService* service, const char* vault, const char* key_id) {
  GVariantBuilder attributes;
  g_variant_builder_init(&attributes, G_VARIANT_TYPE("a{ss}"));
  g_variant_builder_add(&attributes, "{ss}", "vault", vault);
  g_variant_builder_add(&attributes, "{ss}", "key_id", key_id);
  GVariant* reply =
      g_dbus_proxy_call_sync(G_DBUS_PROXY(service), "SearchItems", g_variant_new("(a{ss})", &attributes),
                             G_DBUS_CALL_FLAGS_NONE, -1, nullptr, nullptr);
  if (!reply) return false;
  GVariant* locked = g_variant_get_child_value(reply, 1);
  const bool found = g_variant_n_children(locked) > 0;
  g_variant_unref(locked);
  g_variant_unref(reply);
  return found;
}

int Lookup(SecretService* service, const char* vault, const char* key_id) {
  GError* raw = nullptr;
  // ALL: locked items too, to say "locked" rather than "missing". No SECRET_SEARCH_UNLOCK: a host started by
  // a browser must not pop up an unlock prompt nobody asked for.
  GList* items = secret_service_search_sync(
      service, &kSchema, AttributesOf(vault, key_id).get(),
      static_cast<SecretSearchFlags>(SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS), nullptr, &raw);
  Error error(raw);
  if (error) return Fail(kFailed, "searching the keyring failed", error.get());
  int code = kNoItem;
  for (GList* it = items; it && code == kNoItem; it = it->next) {
    auto* item = static_cast<SecretItem*>(it->data);
    if (secret_item_get_locked(item)) {
      code = Fail(kLocked, kLockedMessage);
      continue;
    }
    Value value(secret_item_get_secret(item));
    gsize size = 0;
    const gchar* bytes = value ? secret_value_get(value.get(), &size) : nullptr;
    if (!bytes || size != kKeySize) {
      code = Fail(kFailed, "the keyring item for this vault does not hold a 32-byte key");
      continue;
    }
    code = WriteAll(STDOUT_FILENO, bytes, size) ? kDone : Fail(kFailed, "could not write the key to stdout");
  }
  g_list_free_full(items, g_object_unref);
  if (code == kNoItem && LockedMatchExists(service, vault, key_id)) {
    code = Fail(kLocked, kLockedMessage);
  }
  return code;
}

int Store(SecretService* service, const char* vault, const char* key_id) {
  // One byte more than a key, to notice a longer input. The stack copy is wiped at once; SecretValue keeps
  // its own in GLib's locked memory.
  char buffer[kKeySize + 1];
  std::size_t got = 0;
  while (got < sizeof buffer) {
    const ssize_t n = ::read(STDIN_FILENO, buffer + got, sizeof buffer - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  Value value(got == kKeySize ? secret_value_new(buffer, static_cast<gssize>(got), "application/octet-stream")
                              : nullptr);
  explicit_bzero(buffer, sizeof buffer);
  if (!value) return Fail(kUsage, "store expects exactly 32 bytes on stdin");
  const std::string label = std::string("zcrm-bridge vault key (") + vault + ")";
  GError* raw = nullptr;
  const gboolean stored =
      secret_service_store_sync(service, &kSchema, AttributesOf(vault, key_id).get(),
                                SECRET_COLLECTION_DEFAULT, label.c_str(), value.get(), nullptr, &raw);
  Error error(raw);
  if (!stored) return Fail(kFailed, "storing the key in the keyring failed", error.get());
  return kDone;
}

int Clear(SecretService* service, const char* vault, const char* key_id) {
  GError* raw = nullptr;
  const gboolean removed =
      secret_service_clear_sync(service, &kSchema, AttributesOf(vault, key_id).get(), nullptr, &raw);
  Error error(raw);
  if (error) return Fail(kFailed, "removing the key from the keyring failed", error.get());
  return removed ? kDone : kNoItem;
}

}  // namespace

int main(int argc, char** argv) {
  // Like the host: a core dump of this process would hold the key.
  struct rlimit none {};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

  const std::string command = argc > 1 ? argv[1] : "";
  const bool with_item = command == "lookup" || command == "store" || command == "clear";
  if (!((command == "probe" && argc == 2) || (with_item && argc == 4))) {
    return Fail(kUsage,
                "usage: zcrm-bridge-keyring probe | lookup|store|clear <vault> <key-id> (the host "
                "runs this; see `zcrm-bridge key`)");
  }
  int code = kFailed;
  const Service service = Connect(code);
  if (!service) return code;
  if (command == "probe") return kDone;
  if (command == "lookup") return Lookup(service.get(), argv[2], argv[3]);
  if (command == "store") return Store(service.get(), argv[2], argv[3]);
  return Clear(service.get(), argv[2], argv[3]);
}
