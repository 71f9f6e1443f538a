// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: a helper that dereferences its parameter outside a __try of its
// own makes every call passing it a user pointer an access. The finding is on the call
// (the helper's name), the helper's access and the pointer's source are notes, and the
// helper body itself is not reported: it is also called with a kernel buffer, which is
// fine. Two levels deep: SampleChecksum calls SampleSum, which reads the buffer.

#include <ntddk.h>

#define IOCTL_SAMPLE_CHECKSUM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_NEITHER, FILE_ANY_ACCESS)

DRIVER_DISPATCH SampleDeviceControl;

static UCHAR g_Seed[16];

static ULONG
SampleSum(const UCHAR *Data, ULONG Length)
{
    ULONG Sum = 0;
    ULONG i;

    for (i = 0; i < Length; i++) {
        Sum = (Sum << 1) ^ Data[i];
    }
    return Sum;
}

static ULONG
SampleChecksum(const UCHAR *Data, ULONG Length)
{
    return SampleSum(Data, Length) ^ 0x5A5A5A5A;
}

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    const UCHAR *Input = (const UCHAR *)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG Length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Result;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_CHECKSUM) {
        Status = STATUS_INVALID_DEVICE_REQUEST;
        goto Done;
    }

    Result = SampleSum(g_Seed, sizeof(g_Seed));

    // CHECK: :[[@LINE+3]]:15: warning: 'Input' points into user memory (IrpSp->Parameters.DeviceIoControl.Type3InputBuffer at line 40) and is passed to 'SampleChecksum', which accesses it outside __try/__except (line 33); call 'SampleChecksum' inside __try/__except, or guard the access in it [user-access-outside-try]
    // CHECK: :33:12: note: 'SampleChecksum' accesses its parameter here
    // CHECK: :40:75: note: the user pointer comes from here
    Result ^= SampleChecksum(Input, Length);

    Irp->IoStatus.Information = Result;

Done:
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
