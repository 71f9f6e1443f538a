// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance suppression. Every function below leaks its handle through the
// `Abort` return. NOLINT(secure-balance) on the secure line, NOLINTNEXTLINE on the line
// before, a comma-separated list naming the rule, a bare NOLINT and a
// NOLINTBEGIN/NOLINTEND region silence it; a NOLINT naming only another rule
// (secure-null-check) does not.

#include <ntddk.h>

NTSTATUS
SampleSuppressedOnLine(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY); // NOLINT(secure-balance)
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSuppressedNextLine(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    // NOLINTNEXTLINE(secure-balance)
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleOtherRuleNamed(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY); // NOLINT(secure-null-check)
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSuppressedInList(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY); // NOLINT(secure-null-check,secure-balance)
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSuppressedAllRules(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY); // NOLINT
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

// NOLINTBEGIN(secure-balance)
NTSTATUS
SampleSuppressedRegion(PVOID UserBuffer, SIZE_T Length, BOOLEAN Abort)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Abort) {
        return STATUS_CANCELLED;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}
// NOLINTEND(secure-balance)
