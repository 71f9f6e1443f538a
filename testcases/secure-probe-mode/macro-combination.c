// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: ProbeMode is a driver macro that expands to a constant combination
// (PAGE_READONLY | PAGE_NOCACHE). Constants are evaluated through macros; the error is
// reported on the secure call that uses the macro.

#include <ntddk.h>

// "Read-only, and the device maps it uncached" - not a ProbeMode.
#define SAMPLE_DMA_PROBE_MODE (PAGE_READONLY | PAGE_NOCACHE)

NTSTATUS
SampleSecureDmaSource(PVOID UserSource, SIZE_T Length, PHANDLE SecureHandleOut)
{
    HANDLE SecureHandle;

    *SecureHandleOut = NULL;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemory(UserSource, Length, SAMPLE_DMA_PROBE_MODE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    // Released by the DMA completion path in another source file.
    *SecureHandleOut = SecureHandle;
    return STATUS_SUCCESS;
}
