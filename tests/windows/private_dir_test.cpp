// store/windows/private_dir.cpp: a state folder only its user can read, and the refusal when others can.
#include "store/windows/private_dir.hpp"

#include <gtest/gtest.h>

#include <string>

#include "error/host_error.hpp"
#include "store/windows/windows_api.hpp"
#include "temp_dir.hpp"
#include "under_wine.hpp"

namespace zcrm::store::win {
namespace {

// Replaces path's ACL with the one sddl describes (a test's way to make a folder others can read).
void SetAcl(const std::filesystem::path& path, const std::wstring& sddl) {
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  ASSERT_TRUE(::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                                     &descriptor, nullptr));
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL dacl = nullptr;
  ASSERT_TRUE(::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted));
  const DWORD err = ::SetNamedSecurityInfoW(const_cast<wchar_t*>(path.c_str()), SE_FILE_OBJECT,
                                            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                            nullptr, nullptr, dacl, nullptr);
  ::LocalFree(descriptor);
  ASSERT_EQ(err, static_cast<DWORD>(ERROR_SUCCESS));
}

// path's owner and ACL in SDDL, for failure messages.
std::string AclText(const std::filesystem::path& path) {
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (::GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT,
                              OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, nullptr, nullptr,
                              nullptr, nullptr, &descriptor) != ERROR_SUCCESS) {
    return "(unreadable)";
  }
  wchar_t* text = nullptr;
  std::string out = "(no text)";
  if (::ConvertSecurityDescriptorToStringSecurityDescriptorW(
          descriptor, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &text,
          nullptr)) {
    out.clear();
    for (const wchar_t* c = text; *c != 0; ++c) out.push_back(static_cast<char>(*c));
    ::LocalFree(text);
  }
  ::LocalFree(descriptor);
  return out;
}

TEST(WindowsPrivateDir, CurrentUserSidLooksLikeASid) {
  EXPECT_EQ(CurrentUserSid().rfind("S-1-", 0), 0u);
}

TEST(WindowsPrivateDir, MakesAFolderOnlyItsUserCanReadOnce) {
  test::TempDir dir;
  const auto state = dir.path() / "zcrm-bridge";
  EXPECT_TRUE(MakePrivateDir(state));
  EXPECT_FALSE(MakePrivateDir(state));
  EXPECT_NO_THROW(CheckPrivate(state, "state folder")) << AclText(state);
}

TEST(WindowsPrivateDir, AFolderEveryoneCanReadIsKeyUnsafe) {
  test::TempDir dir;
  const auto state = dir.path() / "zcrm-bridge";
  ASSERT_TRUE(MakePrivateDir(state));
  const std::wstring user = std::filesystem::path(CurrentUserSid()).wstring();
  SetAcl(state, L"D:P(A;OICI;FA;;;" + user + L")(A;OICI;FR;;;WD)");  // WD: Everyone
  try {
    CheckPrivate(state, "state folder");
    FAIL() << "a folder Everyone can read passed";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyUnsafe);
    EXPECT_NE(std::string(e.what()).find("S-1-1-0"), std::string::npos) << e.what();
  }
}

TEST(WindowsPrivateDir, TheMachinesOwnAccountsDoNotCountAsOthers) {
  if (test::UnderWine()) {
    // Wine keeps a file's access as Unix mode bits: any account besides the owner reads back as Everyone.
    GTEST_SKIP() << "wine cannot hold an ACL that grants SYSTEM and Administrators; needs Windows";
  }
  test::TempDir dir;
  const auto state = dir.path() / "zcrm-bridge";
  ASSERT_TRUE(MakePrivateDir(state));
  const std::wstring user = std::filesystem::path(CurrentUserSid()).wstring();
  SetAcl(state, L"D:P(A;OICI;FA;;;" + user + L")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
  EXPECT_NO_THROW(CheckPrivate(state, "state folder")) << AclText(state);
}

}  // namespace
}  // namespace zcrm::store::win
