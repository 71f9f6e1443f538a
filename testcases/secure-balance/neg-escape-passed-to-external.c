// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: handles that escape - passed to a routine whose body is not
// in this translation unit, or written to a global. They are someone else's to release.

#include <ntddk.h>

// Implemented in pinning.c: takes ownership of SecureHandle and releases it when the
// range is unregistered.
NTSTATUS SampleRegisterPinnedRange(PVOID Base, SIZE_T Length, HANDLE SecureHandle);

// Released by the process-notify callback in notify.c.
HANDLE g_SampleTraceBufferHandle;
PVOID g_SampleTraceBuffer;

NTSTATUS
SamplePinRange(PVOID UserBase, SIZE_T Length)
{
    HANDLE SecureHandle;

    SecureHandle = MmSecureVirtualMemory(UserBase, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    return SampleRegisterPinnedRange(UserBase, Length, SecureHandle);
}

NTSTATUS
SampleSetTraceBuffer(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    if (g_SampleTraceBufferHandle != NULL) {
        return STATUS_ALREADY_REGISTERED;
    }

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    g_SampleTraceBuffer = UserBuffer;
    g_SampleTraceBufferHandle = SecureHandle;
    return STATUS_SUCCESS;
}
