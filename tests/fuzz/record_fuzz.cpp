// Fuzzes the vault's record decoder (store/record_codec) on arbitrary file bytes, as Vault::Read and
// Vault::List meet them in <state>/vault/*.zcb.
//   byte 0, bit 0 clear: the rest is the record file as found on disk (header, nonce, ciphertext, tag).
//   byte 0, bit 0 set:   the rest is a PLAINTEXT that the harness encrypts correctly under the vault's key
//                        (magic, version, random nonce, XChaCha20-Poly1305 with the header and name id as
//                        AD), so the decoder's post-authentication parsing is fuzzed too, as if the key had
//                        leaked or a buggy writer had stored it.
//   byte 0, bit 1:       decode against the id of "token/a" instead of the check record's id.
// Oracle: DecodeRecord either throws RecordDamage or returns a record whose keyed name hash is the id asked
// for; any other exception or a sanitizer report is a bug. IdFromFileName is fed the same bytes as a file
// name.
#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "store/record_codec.hpp"
#include "store/secret_key.hpp"
#include "store/sodium_init.hpp"

namespace {
using namespace zcrm::store;

const VaultKeys& Keys() {
  static const VaultKeys keys = [] {
    EnsureSodium();
    SecretKey master;
    for (std::size_t i = 0; i < SecretKey::kSize; ++i)
      master.bytes()[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return DeriveKeys(master);
  }();
  return keys;
}

// The on-disk format of record_codec.hpp, written independently of EncodeRecord so arbitrary plaintext fits.
std::vector<std::uint8_t> Seal(const NameId& id, const std::uint8_t* plain, std::size_t size) {
  constexpr std::size_t kHeader = 4 + 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<std::uint8_t> file(kHeader + size + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  std::memcpy(file.data(), "ZCRB", 4);
  file[4] = 1;
  randombytes_buf(file.data() + 5, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  std::array<std::uint8_t, 5 + sizeof(NameId)> ad{};
  std::memcpy(ad.data(), "ZCRB", 4);
  ad[4] = 1;
  std::memcpy(ad.data() + 5, id.data(), id.size());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(file.data() + kHeader, &written, plain, size, ad.data(),
                                             ad.size(), nullptr, file.data() + 5, Keys().aead.bytes().data());
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  ++data;
  --size;
  static const NameId check_id = IdOf(Keys(), std::string_view("\0check", 6));
  static const NameId token_id = IdOf(Keys(), "token/a");
  const NameId& id = (mode & 2) ? token_id : check_id;

  (void)IdFromFileName(std::string_view(reinterpret_cast<const char*>(data), size));

  const std::vector<std::uint8_t> file =
      (mode & 1) ? Seal(id, data, size) : std::vector<std::uint8_t>(data, data + size);
  try {
    const Record record = DecodeRecord(Keys(), id, file);
    const NameId inner = IdOf(Keys(), record.name);
    if (inner != id) {
      std::fprintf(stderr, "fuzz_record: a record for another name was accepted\n");
      std::abort();
    }
  } catch (const RecordDamage&) {
    // The expected outcome for anything the host did not write itself.
  }
  return 0;
}
