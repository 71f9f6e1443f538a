// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: every kind of spin lock is released before the restricted call:
// KeAcquireSpinLock, in-stack queued, executive (exclusive), interrupt and cancel spin
// locks; the old IRQL is copied to another variable before the release; an error path
// releases the lock before it returns.

#include <ntifs.h>

typedef struct _SAMPLE_DEVICE {
    KSPIN_LOCK Lock;
    EX_SPIN_LOCK TableLock;
    PKINTERRUPT Interrupt;
    PMDL StatusMdl;
    PVOID UserBuffer;
    ULONG Length;
    ULONG Pending;
    BOOLEAN Stopping;
} SAMPLE_DEVICE, *PSAMPLE_DEVICE;

NTSTATUS
SampleQueueRequest(PSAMPLE_DEVICE Device)
{
    KIRQL OldIrql, Saved;
    HANDLE Secure;

    KeAcquireSpinLock(&Device->Lock, &OldIrql);
    if (Device->Stopping) {
        KeReleaseSpinLock(&Device->Lock, OldIrql);
        return STATUS_DEVICE_NOT_READY;
    }
    Device->Pending++;
    Saved = OldIrql;
    KeReleaseSpinLock(&Device->Lock, Saved);

    Secure = MmSecureVirtualMemory(Device->UserBuffer, Device->Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleProbeAfterQueuedLock(PSAMPLE_DEVICE Device)
{
    KLOCK_QUEUE_HANDLE LockHandle;
    ULONG Length;
    NTSTATUS Status = STATUS_SUCCESS;

    KeAcquireInStackQueuedSpinLock(&Device->Lock, &LockHandle);
    Length = Device->Length;
    KeReleaseInStackQueuedSpinLock(&LockHandle);

    __try {
        ProbeForRead(Device->UserBuffer, Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleProbeAfterTableLock(PSAMPLE_DEVICE Device)
{
    KIRQL OldIrql;
    ULONG Length;
    NTSTATUS Status = STATUS_SUCCESS;

    OldIrql = ExAcquireSpinLockExclusive(&Device->TableLock);
    Length = Device->Length;
    ExReleaseSpinLockExclusive(&Device->TableLock, OldIrql);

    __try {
        ProbeForWrite(Device->UserBuffer, Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleMapAfterInterruptLock(PSAMPLE_DEVICE Device)
{
    KIRQL OldIrql;
    PULONG Status;
    ULONG Pending;

    OldIrql = KeAcquireInterruptSpinLock(Device->Interrupt);
    Pending = Device->Pending;
    KeReleaseInterruptSpinLock(Device->Interrupt, OldIrql);

    Status = (PULONG)MmGetSystemAddressForMdlSafe(Device->StatusMdl, NormalPagePriority | MdlMappingNoExecute);
    if (Status == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Status = Pending;
    return STATUS_SUCCESS;
}

NTSTATUS
SampleProbeAfterCancelLock(PSAMPLE_DEVICE Device, PIRP Irp)
{
    KIRQL CancelIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    IoAcquireCancelSpinLock(&CancelIrql);
    IoSetCancelRoutine(Irp, NULL);
    IoReleaseCancelSpinLock(CancelIrql);

    __try {
        ProbeForRead(Device->UserBuffer, Device->Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}
