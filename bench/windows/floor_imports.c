/* Linked into the Windows echo floor by `bench/windows/cold-hello.sh --floor-imports`: the floor then imports
 * the DLLs zcrm-bridge.exe imports beyond its own (kernel32, msvcrt), so the ratio shows what loading them
 * costs under wine. Referenced, never called; volatile so the linker keeps the references and the imports. */
#include <shlobj.h>
#include <wincrypt.h>
#include <windows.h>

void* volatile zcrm_floor_imports[] = {
    (void*)SHGetKnownFolderPath, /* shell32: the host's default state folder */
    (void*)CoTaskMemFree,        /* ole32: frees that folder's name */
    (void*)CryptProtectData,     /* crypt32: DPAPI keeps the vault key */
    (void*)GetTokenInformation,  /* advapi32: the state folder's ACL */
};
