/* The code before the change of diff.test: one known finding, the leak of line 11. */
#include <ntddk.h>

NTSTATUS
OldLeak(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE Secure;

    if (Length == 0)
        return STATUS_INVALID_PARAMETER;
    Secure = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (Secure == NULL)
        return STATUS_ACCESS_VIOLATION;
    if (Length < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
OldGood(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE Secure = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);

    if (Secure == NULL)
        return STATUS_ACCESS_VIOLATION;
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
