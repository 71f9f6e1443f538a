// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: an escaped result is not judged here - a handle returned
// straight to the caller, and a handle stored into the caller's context without a test
// (whoever owns the context tests and releases it).

#include <ntddk.h>

typedef struct _SAMPLE_PIN {
    PVOID Base;
    SIZE_T Length;
    HANDLE SecureHandle;
} SAMPLE_PIN, *PSAMPLE_PIN;

HANDLE
SampleSecureForWrite(PVOID UserBase, SIZE_T Length)
{
    return MmSecureVirtualMemory(UserBase, Length, PAGE_READWRITE);
}

VOID
SampleInitializePin(PSAMPLE_PIN Pin, PVOID UserBase, SIZE_T Length)
{
    Pin->Base = UserBase;
    Pin->Length = Length;
    Pin->SecureHandle = MmSecureVirtualMemory(UserBase, Length, PAGE_READONLY);
}
