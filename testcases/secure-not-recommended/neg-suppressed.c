// RUN: %drvcheck --enable secure-not-recommended %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:" --implicit-check-not="[secure-not-recommended]"
// RUN: %drvcheck --enable secure-not-recommended --fail-on note %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:" --implicit-check-not="[secure-not-recommended]"
// CHECK-NOT: note:
//
// secure-not-recommended negative: even when the rule is enabled, NOLINT and
// NOLINTNEXTLINE naming it silence the note, and unreachable calls are not reported.
// Nothing is printed, and the exit status is 0 even with --fail-on note.

#include <ntddk.h>

NTSTATUS
SampleReadUserValue(PULONG UserValue, PULONG Value)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // Reviewed: the buffer is shared with a legacy user-mode component.
    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READONLY); // NOLINT(secure-not-recommended)
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

    // NOLINTNEXTLINE(secure-not-recommended)
    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READWRITE);
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

NTSTATUS
SampleRetiredQuery(PULONG UserValue)
{
    HANDLE SecureHandle;

    return STATUS_NOT_SUPPORTED;

    SecureHandle = MmSecureVirtualMemory(UserValue, sizeof(ULONG), PAGE_READONLY);
    if (SecureHandle != NULL) {
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return STATUS_SUCCESS;
}
