// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-probe-mode]
//
// secure-probe-mode negative: constant ProbeModes that evaluate to PAGE_READWRITE (0x04)
// or PAGE_READONLY (0x02) however they are spelled - a driver macro, a literal, an
// enumerator, a conditional on a constant.

#include <ntddk.h>

#define SAMPLE_PROBE_MODE PAGE_READWRITE

enum SAMPLE_ACCESS {
    SampleAccessRead = PAGE_READONLY,
    SampleAccessWrite = PAGE_READWRITE
};

NTSTATUS
SampleSecureMacro(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, SAMPLE_PROBE_MODE);

    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureLiteral(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, 0x02);

    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureEnumerator(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, SampleAccessWrite);

    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleSecureConditionalConstant(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle = MmSecureVirtualMemory(UserBuffer, Length,
                                                sizeof(PVOID) == 8 ? PAGE_READWRITE : PAGE_READONLY);

    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}
