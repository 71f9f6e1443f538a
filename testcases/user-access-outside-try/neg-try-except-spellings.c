// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: the other spellings of a structured exception handler
// cover their body too: the unprefixed C keywords `try`/`except` (the WDK's excpt.h), and
// ReactOS-style macros (_SEH2_TRY / _SEH2_EXCEPT / _SEH2_END) defined on top of
// __try/__except by the project itself.

#include <ntddk.h>

#define _SEH2_TRY __try
#define _SEH2_EXCEPT(Filter) __except (Filter)
#define _SEH2_END
#define _SEH2_GetExceptionCode() GetExceptionCode()

typedef struct _SAMPLE_STAMP {
    ULONG Sequence;
    LARGE_INTEGER Time;
} SAMPLE_STAMP, *PSAMPLE_STAMP;

DRIVER_DISPATCH SampleStampKeywords;
DRIVER_DISPATCH SampleStampSeh2;

static volatile LONG g_Sequence;

NTSTATUS
SampleStampKeywords(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_STAMP Stamp = (PSAMPLE_STAMP)Irp->UserBuffer;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    try {
        ProbeForWrite(Stamp, sizeof(SAMPLE_STAMP), TYPE_ALIGNMENT(ULONG));
        Stamp->Sequence = (ULONG)InterlockedIncrement(&g_Sequence);
        KeQuerySystemTime(&Stamp->Time);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? sizeof(SAMPLE_STAMP) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleStampSeh2(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_STAMP Stamp = (PSAMPLE_STAMP)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    _SEH2_TRY {
        ProbeForRead(Stamp, sizeof(SAMPLE_STAMP), TYPE_ALIGNMENT(ULONG));
        if (Stamp->Sequence != (ULONG)g_Sequence) {
            Status = STATUS_REVISION_MISMATCH;
        }
    } _SEH2_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {
        Status = _SEH2_GetExceptionCode();
    } _SEH2_END;

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
