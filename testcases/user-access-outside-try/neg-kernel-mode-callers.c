// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: paths on which the requestor is known to be kernel
// mode. The dispatch routine handles kernel callers directly and user callers under
// __try/__except; the read routine refuses user-mode callers up front (the != test whose
// other branch returns), through a local holding ExGetPreviousMode().

#include <ntddk.h>

typedef struct _SAMPLE_QUERY {
    ULONG Id;
    ULONG Value;
} SAMPLE_QUERY, *PSAMPLE_QUERY;

DRIVER_DISPATCH SampleQuery;
DRIVER_DISPATCH SampleKernelRead;

static ULONG g_Values[8];

NTSTATUS
SampleQuery(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_QUERY Query = (PSAMPLE_QUERY)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_QUERY)) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else if (Irp->RequestorMode == KernelMode) {
        Query->Value = g_Values[Query->Id % 8];
    } else {
        __try {
            ProbeForWrite(Query, sizeof(SAMPLE_QUERY), TYPE_ALIGNMENT(ULONG));
            Query->Value = g_Values[Query->Id % 8];
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleKernelRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PULONG Out = (PULONG)Irp->UserBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (PreviousMode != KernelMode) {
        Irp->IoStatus.Status = STATUS_ACCESS_DENIED;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_DENIED;
    }

    RtlCopyMemory(Out, g_Values, sizeof(g_Values));
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = sizeof(g_Values);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
