// RUN: %drvcheck --enable secure-not-recommended %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:" --implicit-check-not="[secure-not-recommended]"
// RUN: %drvcheck %s 2>&1 | FileCheck %s --check-prefix=DEFAULT --allow-empty --implicit-check-not="[secure-not-recommended]"
// RUN: not %drvcheck --enable secure-not-recommended --fail-on note %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-not-recommended: off by default; when enabled, a note (severity note, which
// alone does not make the exit status 1) at every MmSecureVirtualMemory and
// MmSecureVirtualMemoryEx call, however correct the surrounding code is. With
// --fail-on note the notes make the exit status 1. Without --enable: nothing.

// DEFAULT-NOT: note:

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
SampleReadUserValue(PULONG UserValue, PULONG Value)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: note: {{.*}} [secure-not-recommended]
    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READONLY);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        *Value = *UserValue;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}

NTSTATUS
SampleWriteUserValue(PULONG UserValue, ULONG Value)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: note: {{.*}} [secure-not-recommended]
    SecureHandle = MmSecureVirtualMemoryEx(UserValue, sizeof(ULONG), PAGE_READWRITE,
                                           MM_SECURE_NO_CHANGE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        *UserValue = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
