// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: a cancel routine runs at DISPATCH_LEVEL holding the cancel spin lock, and
// after IoReleaseCancelSpinLock(Irp->CancelIrql) it still runs at the IRQL IoCancelIrp was
// called at (up to DISPATCH_LEVEL). Releasing the secured buffer of the pending request
// there (MmUnsecureVirtualMemory requires IRQL <= APC_LEVEL) is a finding, even inside the
// attach to the requestor. The routine has no role typedef: it is known as a cancel
// routine because the read dispatch routine passes it to IoSetCancelRoutine.

#include <ntifs.h>

#define SAMPLE_TAG 'pmaS'

typedef struct _SAMPLE_PENDING_READ {
    PEPROCESS Process;
    HANDLE Secure;
} SAMPLE_PENDING_READ, *PSAMPLE_PENDING_READ;

VOID
SampleCancelRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_PENDING_READ Pending = (PSAMPLE_PENDING_READ)Irp->Tail.Overlay.DriverContext[0];
    KAPC_STATE ApcState;

    UNREFERENCED_PARAMETER(DeviceObject);

    IoReleaseCancelSpinLock(Irp->CancelIrql);

    KeStackAttachProcess(Pending->Process, &ApcState);
    // CHECK: :[[@LINE+1]]:5: error: MmUnsecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleCancelRead is a cancel routine (registered with IoSetCancelRoutine at line [[#@LINE+41]]); {{.*}} [irql-too-high]
    MmUnsecureVirtualMemory(Pending->Secure);
    // CHECK-NEXT: :[[@LINE+39]]:5: note: SampleCancelRead registered as a cancel routine here
    KeUnstackDetachProcess(&ApcState);

    ObDereferenceObject(Pending->Process);
    ExFreePoolWithTag(Pending, SAMPLE_TAG);
    Irp->Tail.Overlay.DriverContext[0] = NULL;
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_PENDING_READ Pending;
    HANDLE Secure;

    UNREFERENCED_PARAMETER(DeviceObject);

    Pending = (PSAMPLE_PENDING_READ)ExAllocatePoolWithTag(NonPagedPool, sizeof(*Pending), SAMPLE_TAG);
    if (Pending == NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Secure = MmSecureVirtualMemory(Irp->UserBuffer, IrpSp->Parameters.Read.Length, PAGE_READWRITE);
    if (Secure == NULL) {
        ExFreePoolWithTag(Pending, SAMPLE_TAG);
        Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_VIOLATION;
    }
    Pending->Secure = Secure;
    Pending->Process = IoGetCurrentProcess();
    ObReferenceObject(Pending->Process);
    Irp->Tail.Overlay.DriverContext[0] = Pending;

    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, SampleCancelRead);
    return STATUS_PENDING;
}
