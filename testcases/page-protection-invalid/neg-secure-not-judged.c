// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// page-protection-invalid negative: MmSecureVirtualMemory's ProbeMode is judged by
// secure-probe-mode alone. PAGE_NOACCESS | PAGE_GUARD would be a page-protection-invalid
// error on an allocation; here the only finding is the secure-probe-mode error.

#include <ntddk.h>

NTSTATUS
SampleSecureGuardRegion(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_NOACCESS | PAGE_GUARD);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}
