#include "store/record_codec.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <ostream>
#include <streambuf>

#include "error/host_error.hpp"
#include "store/secure_bytes.hpp"
#include "store/sodium_init.hpp"

namespace zcrm::store {
namespace {

constexpr std::array<std::uint8_t, 4> kMagic = {'Z', 'C', 'R', 'B'};
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kHeaderBytes = kMagic.size() + 1 + kNonceBytes;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "zcrmvlt1";
constexpr std::uint64_t kAeadSubkey = 1;
constexpr std::uint64_t kNamingSubkey = 2;
constexpr std::uint64_t kIndexSubkey = 3;
static_assert(kNonceBytes == 24 && SecretKey::kSize == crypto_kdf_KEYBYTES &&
              SecretKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// Associated data binds the ciphertext to its header and to the record it was written for. The name enters as
// its keyed hash (which is also the file name) rather than as text: List must authenticate files whose names
// it does not know yet, and the hash identifies the name just as well.
std::array<std::uint8_t, kMagic.size() + 1 + sizeof(NameId)> AssociatedData(const NameId& id) {
  std::array<std::uint8_t, kMagic.size() + 1 + sizeof(NameId)> ad{};
  std::copy(kMagic.begin(), kMagic.end(), ad.begin());
  ad[kMagic.size()] = kVersion;
  std::copy(id.begin(), id.end(), ad.begin() + kMagic.size() + 1);
  return ad;
}

// Lets nlohmann::json serialise straight into wiping memory, so no plaintext copy is left in an ordinary
// string.
class SecureSink : public std::streambuf {
 public:
  explicit SecureSink(SecureBytes& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      out_.push_back(static_cast<std::uint8_t>(traits_type::to_char_type(c)));
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(s);
    out_.insert(out_.end(), bytes, bytes + n);
    return n;
  }

 private:
  SecureBytes& out_;
};

}  // namespace

VaultKeys DeriveKeys(const SecretKey& master) {
  EnsureSodium();
  VaultKeys keys;
  crypto_kdf_derive_from_key(keys.aead.bytes().data(), SecretKey::kSize, kAeadSubkey, kKdfContext,
                             master.bytes().data());
  crypto_kdf_derive_from_key(keys.naming.bytes().data(), SecretKey::kSize, kNamingSubkey, kKdfContext,
                             master.bytes().data());
  crypto_kdf_derive_from_key(keys.index.bytes().data(), SecretKey::kSize, kIndexSubkey, kKdfContext,
                             master.bytes().data());
  return keys;
}

NameId IdOf(const VaultKeys& keys, std::string_view name) {
  NameId id{};
  crypto_generichash(id.data(), id.size(), reinterpret_cast<const unsigned char*>(name.data()), name.size(),
                     keys.naming.bytes().data(), SecretKey::kSize);
  return id;
}

std::string FileNameOf(const NameId& id) {
  std::array<char, 2 * sizeof(NameId) + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), id.data(), id.size());
  return std::string(hex.data()) + std::string(kRecordSuffix);
}

std::optional<NameId> IdFromFileName(std::string_view file_name) {
  constexpr std::size_t kHexChars = 2 * sizeof(NameId);
  if (file_name.size() != kHexChars + kRecordSuffix.size() || !file_name.ends_with(kRecordSuffix)) {
    return std::nullopt;
  }
  NameId id{};
  std::size_t written = 0;
  if (sodium_hex2bin(id.data(), id.size(), file_name.data(), kHexChars, nullptr, &written, nullptr) != 0 ||
      written != id.size()) {
    return std::nullopt;
  }
  return id;
}

std::vector<std::uint8_t> EncodeRecord(const VaultKeys& keys, const NameId& id, std::string_view name,
                                       const nlohmann::json& value) {
  SecureBytes plaintext;
  {
    SecureSink sink(plaintext);
    std::ostream os(&sink);
    try {
      // Written field by field so the value is not first copied into a temporary json object.
      os << R"({"name":)" << nlohmann::json(std::string(name)) << R"(,"value":)" << value << '}';
    } catch (const nlohmann::json::exception& e) {
      throw HostError(ErrorCode::kInternal,
                      std::string("A vault record could not be serialised: ") + e.what());
    }
    if (!os) throw HostError(ErrorCode::kInternal, "A vault record could not be serialised.");
  }

  std::vector<std::uint8_t> file(kHeaderBytes + plaintext.size() + kTagBytes);
  std::copy(kMagic.begin(), kMagic.end(), file.begin());
  file[kMagic.size()] = kVersion;
  std::uint8_t* nonce = file.data() + kMagic.size() + 1;
  // XChaCha's 192-bit nonce makes random nonces safe for any number of writes under one key.
  randombytes_buf(nonce, kNonceBytes);
  const auto ad = AssociatedData(id);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(file.data() + kHeaderBytes, &written, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr, nonce,
                                             keys.aead.bytes().data());
  return file;
}

Record DecodeRecord(const VaultKeys& keys, const NameId& id, std::span<const std::uint8_t> file) {
  if (file.size() > kMaxRecordBytes) throw RecordDamage("is larger than any record can be");
  if (file.size() < kHeaderBytes + kTagBytes) {
    throw RecordDamage("is truncated (" + std::to_string(file.size()) + " bytes)");
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), file.begin())) {
    throw RecordDamage("is not a zcrm-bridge record (wrong magic bytes)");
  }
  if (file[kMagic.size()] != kVersion) {
    throw RecordDamage("has an unknown format version " + std::to_string(file[kMagic.size()]));
  }
  const auto ad = AssociatedData(id);
  const auto ciphertext = file.subspan(kHeaderBytes);
  SecureBytes plaintext(ciphertext.size() - kTagBytes);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          plaintext.data(), &written, nullptr, ciphertext.data(), ciphertext.size(), ad.data(), ad.size(),
          file.data() + kMagic.size() + 1, keys.aead.bytes().data()) != 0) {
    throw RecordDamage("failed authentication (altered, truncated, or copied from another record)");
  }

  const auto* text = reinterpret_cast<const char*>(plaintext.data());
  nlohmann::json doc = nlohmann::json::parse(text, text + plaintext.size(), nullptr, false);
  // Authenticated content that is still malformed can only come from a bug; treat it as damage all the same.
  if (!doc.is_object() || !doc.contains("name") || !doc["name"].is_string() || !doc.contains("value")) {
    throw RecordDamage("decrypted but does not hold a valid record");
  }
  Record record{doc["name"].get<std::string>(), std::move(doc["value"])};
  const NameId inner = IdOf(keys, record.name);
  if (sodium_memcmp(inner.data(), id.data(), id.size()) != 0) {
    throw RecordDamage("holds a record written under another name");
  }
  return record;
}

}  // namespace zcrm::store
