/* One secure-balance warning: the handle secured on line 14 leaks through the early
 * return on line 19. Nothing else is wrong. */
#include <ntddk.h>

NTSTATUS
ZeroCallerHeader(
    PVOID UserBuffer,
    SIZE_T Length)
{
    HANDLE Secure;
    NTSTATUS Status = STATUS_SUCCESS;

    /* Keep the range valid while we write the header. */
    Secure = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Length < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        *(volatile ULONG *)UserBuffer = 0;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    MmUnsecureVirtualMemory(Secure);
    return Status;
}
