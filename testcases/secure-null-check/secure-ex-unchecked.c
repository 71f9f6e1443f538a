// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check with MmSecureVirtualMemoryEx: the result is never compared against
// NULL; the first unchecked use is the copy from the secured range (a memory routine,
// written as the RtlCopyMemory macro: reported where the macro is used).

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

typedef struct _SAMPLE_FILTER {
    ULONG Count;
    ULONG Ports[16];
} SAMPLE_FILTER, *PSAMPLE_FILTER;

// Implemented in another source file of the driver.
NTSTATUS SampleInstallFilter(const SAMPLE_FILTER *Filter);

NTSTATUS
SampleSetFilter(PSAMPLE_FILTER UserFilter, SIZE_T Length)
{
    SAMPLE_FILTER Filter;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length < sizeof(SAMPLE_FILTER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-null-check]
    SecureHandle = MmSecureVirtualMemoryEx(UserFilter, sizeof(SAMPLE_FILTER), PAGE_READONLY,
                                           MM_SECURE_NO_CHANGE);

    __try {
        // CHECK: :[[@LINE+1]]:9: note:
        RtlCopyMemory(&Filter, UserFilter, sizeof(SAMPLE_FILTER));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);

    if (NT_SUCCESS(Status)) {
        Status = SampleInstallFilter(&Filter);
    }
    return Status;
}
