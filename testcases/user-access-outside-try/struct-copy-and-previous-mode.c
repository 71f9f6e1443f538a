// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: a user pointer stored in a request context and copied with the
// structure keeps its mark. The ExGetPreviousMode() test only exempts the kernel-mode
// path: after the if/else joins, the caller may be user mode again.

#include <ntddk.h>

typedef struct _SAMPLE_REQUEST {
    PUCHAR Buffer;
    ULONG Length;
    ULONG Flags;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

DRIVER_DISPATCH SampleRead;

static VOID
SampleFill(PUCHAR Buffer, ULONG Length)
{
    __try {
        RtlFillMemory(Buffer, Length, 0xA5);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        NOTHING;
    }
}

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    SAMPLE_REQUEST Request;
    SAMPLE_REQUEST Pending;
    KPROCESSOR_MODE Mode = ExGetPreviousMode();

    UNREFERENCED_PARAMETER(DeviceObject);

    Request.Buffer = (PUCHAR)Irp->UserBuffer;
    Request.Length = IrpSp->Parameters.Read.Length;
    Request.Flags = 0;
    Pending = Request;

    if (Pending.Length == 0) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    if (Mode == KernelMode) {
        /* a kernel caller's buffer: no handler needed */
        Pending.Buffer[0] = 0;
    } else {
        SampleFill(Pending.Buffer, Pending.Length);
    }

    // CHECK: :[[@LINE+2]]:13: warning: 'Pending.Buffer' points into user memory (Irp->UserBuffer at line 37) and is accessed outside __try/__except; {{.*}} [user-access-outside-try]
    // CHECK: :37:35: note: the user pointer comes from here
    Pending.Buffer[Pending.Length - 1] = '\n';

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = Pending.Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
