// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// unsecure-outside-attach: a pended read secures the caller's buffer and keeps the
// handle in its request context. When the IRP is cancelled, the cancel routine (which runs
// at DISPATCH_LEVEL) hands the clean-up to a work item, and the work item releases the
// handle. Work items run in a system thread, in the System process, not in the process
// that secured the range: the release unsecures the wrong address space. Reported on the
// MmUnsecureVirtualMemory call; the IoQueueWorkItem that hands the routine to the system
// is the related location.

#include <ntifs.h>

#define SAMPLE_TAG 'qRmS'

typedef struct _SAMPLE_REQUEST {
    PIRP Irp;
    PIO_WORKITEM WorkItem;
    PVOID UserBuffer;
    ULONG Length;
    HANDLE SecureHandle;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

IO_WORKITEM_ROUTINE SampleCancelWorker;

VOID
SampleCancelWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Context;
    PIRP Irp = Request->Irp;

    UNREFERENCED_PARAMETER(DeviceObject);

    // CHECK: :[[@LINE+1]]:5: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Request->SecureHandle' was not secured in this function and no KeStackAttachProcess is active here; 'SampleCancelWorker' is passed to IoQueueWorkItem at line [[#@LINE+24]] {{.*}} [unsecure-outside-attach]
    MmUnsecureVirtualMemory(Request->SecureHandle);
    Request->SecureHandle = NULL;

    IoFreeWorkItem(Request->WorkItem);
    ExFreePoolWithTag(Request, SAMPLE_TAG);

    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

DRIVER_CANCEL SampleCancelRead;

VOID
SampleCancelRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Irp->Tail.Overlay.DriverContext[0];

    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);

    // MmUnsecureVirtualMemory needs IRQL <= APC_LEVEL: finish in a work item.
    // NOTE: :[[@LINE+1]]:5: note: 'SampleCancelWorker' is handed to other code here
    IoQueueWorkItem(Request->WorkItem, SampleCancelWorker, DelayedWorkQueue, Request);
}

DRIVER_DISPATCH SampleRead;

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_REQUEST Request;
    HANDLE SecureHandle;

    if (Irp->UserBuffer == NULL || IrpSp->Parameters.Read.Length == 0) {
        Irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_PARAMETER;
    }

    Request = (PSAMPLE_REQUEST)ExAllocatePoolWithTag(NonPagedPool, sizeof(SAMPLE_REQUEST), SAMPLE_TAG);
    if (Request == NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Request->WorkItem = IoAllocateWorkItem(DeviceObject);
    if (Request->WorkItem == NULL) {
        ExFreePoolWithTag(Request, SAMPLE_TAG);
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    SecureHandle = MmSecureVirtualMemory(Irp->UserBuffer, IrpSp->Parameters.Read.Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        IoFreeWorkItem(Request->WorkItem);
        ExFreePoolWithTag(Request, SAMPLE_TAG);
        Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_VIOLATION;
    }

    Request->Irp = Irp;
    Request->UserBuffer = Irp->UserBuffer;
    Request->Length = IrpSp->Parameters.Read.Length;
    Request->SecureHandle = SecureHandle;
    Irp->Tail.Overlay.DriverContext[0] = Request;

    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, SampleCancelRead);
    return STATUS_PENDING;
}
