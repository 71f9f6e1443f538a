// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-probe-mode]
//
// secure-probe-mode negative: MmSecureVirtualMemoryEx with valid ProbeModes and Flags
// made only of the four MM_SECURE_* bits (or no flag at all).

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
SampleSecureExclusiveNoChange(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemoryEx(UserBuffer, Length, PAGE_READWRITE,
                                           MM_SECURE_EXCLUSIVE | MM_SECURE_NO_CHANGE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureAllFlags(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemoryEx(UserBuffer, Length, PAGE_READONLY,
                                           MM_SECURE_EXCLUSIVE | MM_SECURE_NO_CHANGE |
                                           MM_SECURE_USER_MODE_ONLY | MM_SECURE_NO_INHERIT);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureNoFlags(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemoryEx(UserBuffer, Length, PAGE_READWRITE, 0);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureLiteralFlags(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemoryEx(UserBuffer, Length, PAGE_READWRITE, 0x4 | 0x8);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}
