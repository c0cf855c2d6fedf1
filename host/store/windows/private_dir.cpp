#include "store/windows/private_dir.hpp"

#include <memory>
#include <vector>

#include "error/host_error.hpp"
#include "store/windows/win_io.hpp"
#include "store/windows/windows_api.hpp"

namespace zcrm::store::win {
namespace {

// Any of these lets the holder read what the folder or file holds.
constexpr ACCESS_MASK kReadRights = FILE_READ_DATA | GENERIC_READ | GENERIC_ALL | READ_CONTROL | WRITE_DAC |
                                    WRITE_OWNER | FILE_WRITE_DATA | GENERIC_WRITE;

// Frees memory Windows allocated for the caller (LocalAlloc).
struct LocalFreer {
  void operator()(void* p) const { ::LocalFree(p); }
};

[[noreturn]] void Unsafe(std::string_view what, const std::filesystem::path& path, const std::string& why) {
  throw HostError(
      ErrorCode::kKeyUnsafe,
      "The " + std::string(what) + " " + path.string() + " " + why +
          "; give only your own account access (`icacls \"" + path.string() +
          "\" /inheritance:r /grant:r %USERNAME%:F`), or move it aside and let zcrm-bridge make it anew.");
}

std::string SidText(PSID sid) {
  wchar_t* text = nullptr;
  if (!::ConvertSidToStringSidW(sid, &text)) return {};
  const std::unique_ptr<wchar_t, LocalFreer> owned(text);
  std::string out;
  for (const wchar_t* c = text; *c != 0; ++c) out.push_back(static_cast<char>(*c));  // SIDs are ASCII
  return out;
}

// The accounts besides the user that may hold rights without making the folder unsafe.
bool IsMachineAccount(const std::string& sid) {
  return sid == "S-1-5-18" /* SYSTEM */ || sid == "S-1-5-32-544" /* Administrators */;
}

}  // namespace

std::string CurrentUserSid() {
  HANDLE raw = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) {
    ThrowWin("read the access token of", "this process", ::GetLastError());
  }
  const UniqueHandle token(raw);
  DWORD size = 0;
  ::GetTokenInformation(token.get(), TokenUser, nullptr, 0, &size);
  std::vector<std::uint8_t> buffer(size);
  if (size == 0 || !::GetTokenInformation(token.get(), TokenUser, buffer.data(), size, &size)) {
    ThrowWin("read the user of", "this process", ::GetLastError());
  }
  return SidText(reinterpret_cast<const TOKEN_USER*>(buffer.data())->User.Sid);
}

UserOnly::UserOnly(Kind kind) {
  // P: protected, nothing inherited from above; OICI (folders): files and folders inside inherit the entry.
  const std::wstring sddl = std::wstring(kind == Kind::kFolder ? L"D:P(A;OICI;FA;;;" : L"D:P(A;;FA;;;") +
                            std::filesystem::path(CurrentUserSid()).wstring() + L")";
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor,
                                                              nullptr)) {
    ThrowWin("describe the access of", "a new file", ::GetLastError());
  }
  attributes_ = {sizeof attributes_, descriptor, FALSE};  // FALSE: no child process inherits the handle
}

UserOnly::~UserOnly() {
  ::LocalFree(attributes_.lpSecurityDescriptor);
}

bool MakePrivateDir(const std::filesystem::path& dir) {
  UserOnly attributes(UserOnly::Kind::kFolder);
  if (::CreateDirectoryW(dir.c_str(), attributes.get())) return true;
  const DWORD err = ::GetLastError();
  if (err == ERROR_ALREADY_EXISTS) return false;
  ThrowWin("create", dir, err);
}

std::optional<std::string> WhyNotPrivate(const std::filesystem::path& path) {
  PSID owner = nullptr;
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  const DWORD err = ::GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT,
                                            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                                            nullptr, &dacl, nullptr, &descriptor);
  if (err != ERROR_SUCCESS) ThrowWin("read the access list of", path, err);
  const std::unique_ptr<void, LocalFreer> owned(descriptor);
  const std::string user = CurrentUserSid();
  const std::string owner_sid = SidText(owner);
  if (owner_sid != user && !IsMachineAccount(owner_sid)) return "belongs to another account";
  if (dacl == nullptr) return "has no access list, so everyone may read it";
  for (DWORD i = 0; i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!::GetAce(dacl, i, &ace)) ThrowWin("read the access list of", path, ::GetLastError());
    const auto* header = static_cast<const ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;  // deny entries only take rights away
    if ((header->AceFlags & INHERIT_ONLY_ACE) != 0) continue;  // applies to what is inside, checked there
    const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(ace);
    if ((allowed->Mask & kReadRights) == 0) continue;
    const std::string sid = SidText(const_cast<DWORD*>(&allowed->SidStart));
    if (sid != user && !IsMachineAccount(sid)) return "can be read by " + sid;
  }
  return std::nullopt;
}

void CheckPrivate(const std::filesystem::path& path, std::string_view what) {
  if (const auto why = WhyNotPrivate(path)) Unsafe(what, path, *why);
}

}  // namespace zcrm::store::win
