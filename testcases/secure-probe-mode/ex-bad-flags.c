// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: the Flags of MmSecureVirtualMemoryEx may contain only
// MM_SECURE_EXCLUSIVE (0x1), MM_SECURE_NO_CHANGE (0x2), MM_SECURE_USER_MODE_ONLY (0x4)
// and MM_SECURE_NO_INHERIT (0x8). An unknown bit - alone (0x10) or next to valid flags
// (MM_SECURE_NO_CHANGE | 0x100) - is an error on the secure call, even with a valid
// ProbeMode.

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

#define SAMPLE_SECURE_FLAGS (MM_SECURE_NO_CHANGE | 0x100)

NTSTATUS
SampleLockTemplate(PVOID UserTemplate, SIZE_T Length, PVOID Copy)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemoryEx(UserTemplate, Length, PAGE_READONLY, 0x10);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(Copy, UserTemplate, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}

NTSTATUS
SampleLockTemplateNoChange(PVOID UserTemplate, SIZE_T Length, PVOID Copy)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemoryEx(UserTemplate, Length, PAGE_READONLY, SAMPLE_SECURE_FLAGS);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(Copy, UserTemplate, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
