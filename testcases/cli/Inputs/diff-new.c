/* The code after the change of diff.test: three lines added above (the known leak moves
 * to line 14), the protection of OldGood changed (line 26: secure-probe-mode), and a new
 * function whose secure result is discarded (line 37). */
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
    HANDLE Secure = MmSecureVirtualMemory(UserBuffer, Length, PAGE_EXECUTE_READ);

    if (Secure == NULL)
        return STATUS_ACCESS_VIOLATION;
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

VOID
NewDiscard(PVOID UserBuffer, SIZE_T Length)
{
    MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
}
