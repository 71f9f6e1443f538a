// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: each kind of spin lock raises the IRQL to DISPATCH_LEVEL until its
// release: KeAcquireSpinLock (a macro around KeAcquireSpinLockRaiseToDpc in the DDK
// headers), KeAcquireSpinLockRaiseToDpc, ExAcquireSpinLockExclusive/Shared and
// IoAcquireCancelSpinLock. A routine limited to APC_LEVEL inside the locked region is a
// finding naming the lock; the same call after the release is not.

#include <ntifs.h>

typedef struct _SAMPLE_QUEUE {
    KSPIN_LOCK Lock;
    EX_SPIN_LOCK TableLock;
    LIST_ENTRY Pending;
    PVOID UserRing;          // user-mode ring buffer shared with the service
    ULONG RingSize;
    ULONG Head;
} SAMPLE_QUEUE, *PSAMPLE_QUEUE;

NTSTATUS
SamplePushRecord(PSAMPLE_QUEUE Queue, ULONG Record)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    KeAcquireSpinLock(&Queue->Lock, &OldIrql);
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: spin lock acquired by KeAcquireSpinLock at line [[#@LINE-2]]; release the lock before the call, or move the call out of the locked region [irql-too-high]
        ProbeForWrite(Queue->UserRing, Queue->RingSize, sizeof(ULONG));
        // CHECK-NEXT: :[[@LINE-4]]:5: note: spin lock acquired here (IRQL raised to DISPATCH_LEVEL)
        ((PULONG)Queue->UserRing)[Queue->Head % (Queue->RingSize / sizeof(ULONG))] = Record;
        Queue->Head++;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    KeReleaseSpinLock(&Queue->Lock, OldIrql);

    __try {
        ProbeForRead(Queue->UserRing, Queue->RingSize, sizeof(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleSecureRing(PSAMPLE_QUEUE Queue, HANDLE *SecureOut)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
    HANDLE Secure;

    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: spin lock acquired by KeAcquireSpinLockRaiseToDpc at line [[#@LINE-3]]; {{.*}} [irql-too-high]
    Secure = MmSecureVirtualMemory(Queue->UserRing, Queue->RingSize, PAGE_READWRITE);
    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    *SecureOut = Secure;
    return STATUS_SUCCESS;
}

ULONG
SampleReadHeadExclusive(PSAMPLE_QUEUE Queue)
{
    KIRQL OldIrql;
    ULONG Head = 0;

    OldIrql = ExAcquireSpinLockExclusive(&Queue->TableLock);
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForRead requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: executive spin lock acquired by ExAcquireSpinLockExclusive at line [[#@LINE-2]]; {{.*}} [irql-too-high]
        ProbeForRead(Queue->UserRing, sizeof(ULONG), sizeof(ULONG));
        Head = *(volatile ULONG *)Queue->UserRing;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Head = 0;
    }
    ExReleaseSpinLockExclusive(&Queue->TableLock, OldIrql);
    return Head;
}

ULONG
SampleReadHeadShared(PSAMPLE_QUEUE Queue)
{
    KIRQL OldIrql;
    ULONG Head = 0;

    OldIrql = ExAcquireSpinLockShared(&Queue->TableLock);
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForRead requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: executive spin lock acquired by ExAcquireSpinLockShared at line [[#@LINE-2]]; {{.*}} [irql-too-high]
        ProbeForRead(Queue->UserRing, sizeof(ULONG), sizeof(ULONG));
        Head = *(volatile ULONG *)Queue->UserRing;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Head = 0;
    }
    ExReleaseSpinLockShared(&Queue->TableLock, OldIrql);

    __try {
        ProbeForRead(Queue->UserRing, sizeof(ULONG), sizeof(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Head = 0;
    }
    return Head;
}

VOID
SampleCancelAllPending(PSAMPLE_QUEUE Queue, PIRP Irp)
{
    KIRQL CancelIrql;

    IoAcquireCancelSpinLock(&CancelIrql);
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: cancel spin lock acquired by IoAcquireCancelSpinLock at line [[#@LINE-2]]; {{.*}} [irql-too-high]
        ProbeForWrite(Irp->UserBuffer, sizeof(ULONG), sizeof(ULONG));
        *(PULONG)Irp->UserBuffer = Queue->Head;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Irp->IoStatus.Status = GetExceptionCode();
    }
    IoSetCancelRoutine(Irp, NULL);
    IoReleaseCancelSpinLock(CancelIrql);
}
