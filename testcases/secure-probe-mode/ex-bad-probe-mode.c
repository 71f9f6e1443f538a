// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: MmSecureVirtualMemoryEx follows the same ProbeMode rule as
// MmSecureVirtualMemory - PAGE_WRITECOPY is an error even though the Flags are valid.

#include <ntddk.h>

// MmSecureVirtualMemoryEx appeared in the Windows 10 1809 WDK; declare it when the
// headers in use are older.
#ifndef MM_SECURE_EXCLUSIVE
#define MM_SECURE_EXCLUSIVE      0x00000001
#define MM_SECURE_NO_CHANGE      0x00000002
#define MM_SECURE_USER_MODE_ONLY 0x00000004
#define MM_SECURE_NO_INHERIT     0x00000008
NTKERNELAPI HANDLE NTAPI MmSecureVirtualMemoryEx(PVOID Address, SIZE_T Size, ULONG ProbeMode,
                                                 ULONG Flags);
#endif

NTSTATUS
SampleSecureView(PVOID UserView, SIZE_T Length, PULONG FirstWord)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemoryEx(UserView, Length, PAGE_WRITECOPY,
                                           MM_SECURE_EXCLUSIVE | MM_SECURE_NO_INHERIT);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        *FirstWord = *(PULONG)UserView;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
