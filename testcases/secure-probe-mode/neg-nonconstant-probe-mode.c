// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-probe-mode]
//
// secure-probe-mode negative: ProbeMode and Flags that are not compile-time constants
// (values computed at run time from parameters) are not reported.

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
SampleSecureForAccess(PVOID UserBuffer, SIZE_T Length, BOOLEAN WriteAccess, PHANDLE SecureHandle)
{
    ULONG ProbeMode = WriteAccess ? PAGE_READWRITE : PAGE_READONLY;

    *SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, ProbeMode);
    return (*SecureHandle != NULL) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS
SampleSecureWithPolicy(PVOID UserBuffer, SIZE_T Length, ULONG CallerProbeMode, ULONG CallerFlags,
                       PHANDLE SecureHandle)
{
    *SecureHandle = MmSecureVirtualMemoryEx(UserBuffer, Length, CallerProbeMode, CallerFlags);
    return (*SecureHandle != NULL) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}
