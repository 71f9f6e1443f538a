// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: paths on which the handle was tested and found NULL need no
// release. The NULL test is written in the common forms (`== NULL`, `!Handle`,
// `NULL == Handle`, and a failure branch that jumps to an exit that does not release);
// every path with a real handle releases it exactly once.

#include <ntddk.h>

NTSTATUS
SampleZeroUserBuffer(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlZeroMemory(UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}

NTSTATUS
SampleReadUserValue(PULONG UserValue, PULONG Value)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READONLY);
    if (!SecureHandle) {
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

    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READWRITE);
    if (NULL == SecureHandle) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    __try {
        *UserValue = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);

Exit:
    return Status;
}

NTSTATUS
SampleFillUserBuffer(PVOID UserBuffer, SIZE_T Length, UCHAR Pattern)
{
    HANDLE SecureHandle;
    NTSTATUS Status;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle != NULL) {
        __try {
            RtlFillMemory(UserBuffer, Length, Pattern);
            Status = STATUS_SUCCESS;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
    } else {
        Status = STATUS_ACCESS_VIOLATION;
    }
    return Status;
}
