// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: buffers the I/O manager already made safe. METHOD_BUFFERED
// requests use Irp->AssociatedIrp.SystemBuffer (a kernel copy), direct I/O maps the
// locked MDL with MmGetSystemAddressForMdlSafe (a system address, checked for NULL); neither
// needs __try/__except.

#include <ntddk.h>

#define IOCTL_SAMPLE_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SAMPLE_READ_LOG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x822, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _SAMPLE_STATS {
    ULONG Opens;
    ULONG Reads;
} SAMPLE_STATS, *PSAMPLE_STATS;

DRIVER_DISPATCH SampleDeviceControl;

static SAMPLE_STATS g_Stats;
static UCHAR g_Log[512];

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG OutLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SAMPLE_GET_STATS: {
        PSAMPLE_STATS Stats = (PSAMPLE_STATS)Irp->AssociatedIrp.SystemBuffer;
        if (OutLength < sizeof(SAMPLE_STATS)) {
            Status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        Stats->Opens = g_Stats.Opens;
        Stats->Reads = g_Stats.Reads;
        Information = sizeof(SAMPLE_STATS);
        break;
    }
    case IOCTL_SAMPLE_READ_LOG: {
        PUCHAR Log;
        if (Irp->MdlAddress == NULL) {
            Status = STATUS_INVALID_PARAMETER;
            break;
        }
        Log = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (Log == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        Information = min(OutLength, (ULONG)sizeof(g_Log));
        RtlCopyMemory(Log, g_Log, Information);
        break;
    }
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
