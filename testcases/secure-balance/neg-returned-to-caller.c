// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: wrappers that return the secure handle to their caller. A
// returned handle escapes - the caller (in another source file) releases it. The
// validation failure path releases before returning NULL. The ProbeMode computed from a
// parameter is not a constant, so secure-probe-mode does not judge it either.

#include <ntddk.h>

HANDLE
SampleSecureUserRange(PVOID Address, SIZE_T Length, BOOLEAN Writable)
{
    return MmSecureVirtualMemory(Address, Length, Writable ? PAGE_READWRITE : PAGE_READONLY);
}

HANDLE
SampleSecureAlignedRange(PVOID Address, SIZE_T Length)
{
    HANDLE SecureHandle;

    if (Length == 0) {
        return NULL;
    }

    SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return NULL;
    }

    if (((ULONG_PTR)Address & (sizeof(ULONG64) - 1)) != 0) {
        // Misaligned ranges are refused: give the handle back before failing.
        MmUnsecureVirtualMemory(SecureHandle);
        return NULL;
    }

    return SecureHandle;
}
