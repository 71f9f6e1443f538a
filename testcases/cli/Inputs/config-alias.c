/* MmSecureVirtualMemory reached through function pointers, as some drivers resolve it
 * at run time. With the aliases of a configuration the pointers are those DDIs: the
 * handle secured on line 19 leaks through the return on line 24. */
#include <ntddk.h>

typedef HANDLE (*PFN_SECURE)(PVOID Address, SIZE_T Size, ULONG ProbeMode);
typedef VOID (*PFN_UNSECURE)(HANDLE SecureHandle);

extern PFN_SECURE g_pfnrtMmSecureVirtualMemory;
extern PFN_UNSECURE g_pfnrtMmUnsecureVirtualMemory;

NTSTATUS
AliasLeak(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE Secure;

    if (!g_pfnrtMmSecureVirtualMemory)
        return STATUS_NOT_SUPPORTED;
    Secure = g_pfnrtMmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Length < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    g_pfnrtMmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
