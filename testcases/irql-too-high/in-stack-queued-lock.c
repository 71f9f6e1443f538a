// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: KeAcquireInStackQueuedSpinLock raises to DISPATCH_LEVEL and keeps the old
// IRQL in the KLOCK_QUEUE_HANDLE; KeReleaseInStackQueuedSpinLock on the same handle
// restores it. Securing the user buffer while the queued lock is held is a finding; doing
// it after the release is not.

#include <ntddk.h>

typedef struct _SAMPLE_CONTEXT {
    KSPIN_LOCK Lock;
    PVOID UserBuffer;
    SIZE_T Length;
    HANDLE Secure;
    BOOLEAN Registered;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

NTSTATUS
SampleRegisterBuffer(PSAMPLE_CONTEXT Context)
{
    KLOCK_QUEUE_HANDLE LockHandle;
    HANDLE Secure;

    KeAcquireInStackQueuedSpinLock(&Context->Lock, &LockHandle);
    if (Context->Registered) {
        KeReleaseInStackQueuedSpinLock(&LockHandle);
        return STATUS_ALREADY_REGISTERED;
    }
    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: in-stack queued spin lock acquired by KeAcquireInStackQueuedSpinLock at line [[#@LINE-5]]; release the lock before the call, or move the call out of the locked region [irql-too-high]
    Secure = MmSecureVirtualMemory(Context->UserBuffer, Context->Length, PAGE_READWRITE);
    // CHECK-NEXT: :[[@LINE-7]]:5: note: in-stack queued spin lock acquired here (IRQL raised to DISPATCH_LEVEL)
    if (Secure == NULL) {
        KeReleaseInStackQueuedSpinLock(&LockHandle);
        return STATUS_ACCESS_VIOLATION;
    }
    Context->Secure = Secure;
    Context->Registered = TRUE;
    KeReleaseInStackQueuedSpinLock(&LockHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleRegisterBufferUnlocked(PSAMPLE_CONTEXT Context)
{
    KLOCK_QUEUE_HANDLE LockHandle;
    BOOLEAN Registered;
    HANDLE Secure;

    KeAcquireInStackQueuedSpinLock(&Context->Lock, &LockHandle);
    Registered = Context->Registered;
    KeReleaseInStackQueuedSpinLock(&LockHandle);
    if (Registered) {
        return STATUS_ALREADY_REGISTERED;
    }
    Secure = MmSecureVirtualMemory(Context->UserBuffer, Context->Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Context->Secure = Secure;
    return STATUS_SUCCESS;
}
