/* A correct use of MmSecureVirtualMemory: probed and copied under __try/__except,
 * NULL-checked, released on every path. No default rule has anything to say; the
 * off-by-default secure-not-recommended notes the MmSecureVirtualMemory call (line 23). */
#include <ntddk.h>

NTSTATUS
CopyFromCaller(
    PVOID UserBuffer,
    SIZE_T Length,
    PVOID KernelBuffer)
{
    HANDLE Secure;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length == 0 || Length > PAGE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(UserBuffer, Length, sizeof(UCHAR));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Secure = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    __try {
        RtlCopyMemory(KernelBuffer, UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    MmUnsecureVirtualMemory(Secure);
    return Status;
}
