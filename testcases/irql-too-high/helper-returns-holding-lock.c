// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: SampleLockDevice acquires the device spin lock and returns holding it
// (the old IRQL is kept in the device object); SampleUnlockDevice releases it. A caller
// that secures the user buffer between the two calls runs at DISPATCH_LEVEL: the finding
// is on the caller's call, and names the helper and the lock inside it. The same call
// after SampleUnlockDevice is not reported.

#include <ntddk.h>

typedef struct _SAMPLE_DEVICE {
    KSPIN_LOCK Lock;
    KIRQL LockIrql;
    ULONG OpenCount;
    PVOID SharedUserBuffer;
    SIZE_T SharedLength;
    HANDLE SharedSecure;
} SAMPLE_DEVICE, *PSAMPLE_DEVICE;

static VOID
SampleLockDevice(PSAMPLE_DEVICE Device)
{
    KeAcquireSpinLock(&Device->Lock, &Device->LockIrql);
}

static VOID
SampleUnlockDevice(PSAMPLE_DEVICE Device)
{
    KeReleaseSpinLock(&Device->Lock, Device->LockIrql);
}

NTSTATUS
SampleAttachSharedBuffer(PSAMPLE_DEVICE Device)
{
    HANDLE Secure;

    SampleLockDevice(Device);
    Device->OpenCount++;
    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleLockDevice, called at line [[#@LINE-2]], returns with the IRQL raised to DISPATCH_LEVEL; spin lock acquired by KeAcquireSpinLock at line [[#@LINE-16]]; release the lock before the call, or move the call out of the locked region [irql-too-high]
    Secure = MmSecureVirtualMemory(Device->SharedUserBuffer, Device->SharedLength, PAGE_READONLY);
    // CHECK-NEXT: :[[@LINE-4]]:5: note: SampleLockDevice returns at DISPATCH_LEVEL
    // CHECK-NEXT: :[[@LINE-19]]:5: note: spin lock acquired here (IRQL raised to DISPATCH_LEVEL)
    SampleUnlockDevice(Device);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Device->SharedSecure = Secure;
    return STATUS_SUCCESS;
}

NTSTATUS
SampleAttachSharedBufferFixed(PSAMPLE_DEVICE Device)
{
    HANDLE Secure;

    SampleLockDevice(Device);
    Device->OpenCount++;
    SampleUnlockDevice(Device);

    Secure = MmSecureVirtualMemory(Device->SharedUserBuffer, Device->SharedLength, PAGE_READONLY);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Device->SharedSecure = Secure;
    return STATUS_SUCCESS;
}
