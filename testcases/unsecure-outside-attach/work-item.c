// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// unsecure-outside-attach: a session keeps a buffer of the client process secured; when
// the client asks to close the session, the dispatch routine defers the tear-down to an
// executive work item (ExInitializeWorkItem/ExQueueWorkItem) and the worker releases the
// handle read from the session. The worker runs in the System process, not in the client
// that secured the range. Reported on the MmUnsecureVirtualMemory call in the worker.

#include <ntifs.h>

#define IOCTL_SAMPLE_CLOSE_SESSION CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define SAMPLE_TAG 'sSmS'

typedef struct _SAMPLE_SESSION {
    WORK_QUEUE_ITEM CloseItem;
    PVOID Buffer;
    SIZE_T Length;
    HANDLE SecureHandle;
    LONG Closing;
} SAMPLE_SESSION, *PSAMPLE_SESSION;

static VOID
SampleCloseWorker(PVOID Parameter)
{
    PSAMPLE_SESSION Session = (PSAMPLE_SESSION)Parameter;

    if (Session->SecureHandle != NULL) {
        // CHECK: :[[@LINE+1]]:9: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Session->SecureHandle' was not secured in this function and no KeStackAttachProcess is active here; the address of 'SampleCloseWorker' is taken at line [[#@LINE+24]], {{.*}} [unsecure-outside-attach]
        MmUnsecureVirtualMemory(Session->SecureHandle);
        Session->SecureHandle = NULL;
    }
    ExFreePoolWithTag(Session, SAMPLE_TAG);
}

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_SESSION Session = (PSAMPLE_SESSION)IrpSp->FileObject->FsContext;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_CLOSE_SESSION) {
        Status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (Session == NULL || InterlockedExchange(&Session->Closing, 1) != 0) {
        Status = STATUS_INVALID_HANDLE;
    } else {
        IrpSp->FileObject->FsContext = NULL;
        ExInitializeWorkItem(&Session->CloseItem, SampleCloseWorker, Session);
        ExQueueWorkItem(&Session->CloseItem, DelayedWorkQueue);
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
