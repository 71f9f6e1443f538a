// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: the handle is tested right after the secure, with an early
// return on failure, before any access or release. Written as `== NULL`, `!Handle` and
// `NULL == Handle`.

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
