// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: a combination is not a valid ProbeMode, even when it contains
// PAGE_READWRITE (here PAGE_READWRITE | PAGE_GUARD). Reported on the secure call.
// (page-protection-invalid does not judge MmSecureVirtualMemory.)

#include <ntddk.h>

NTSTATUS
SampleFillUserStack(PVOID UserStackLimit, SIZE_T Length)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemory(UserStackLimit, Length, PAGE_READWRITE | PAGE_GUARD);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlFillMemory(UserStackLimit, Length, 0xCC);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
