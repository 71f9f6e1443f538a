// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: the textbook METHOD_NEITHER handler. For a user-mode
// caller the buffers are probed and every touch of them (reads, writes, RtlCopyMemory,
// wcsnlen) is inside one __try/__except; comparing the pointers with NULL and passing
// them to IoAllocateMdl are not accesses.

#include <ntddk.h>

#define IOCTL_SAMPLE_TRANSFORM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_TRANSFORM_IN {
    ULONG Key;
    ULONG Length;
    WCHAR Label[16];
    UCHAR Data[256];
} SAMPLE_TRANSFORM_IN, *PSAMPLE_TRANSFORM_IN;

typedef struct _SAMPLE_TRANSFORM_OUT {
    ULONG Length;
    UCHAR Data[256];
} SAMPLE_TRANSFORM_OUT, *PSAMPLE_TRANSFORM_OUT;

DRIVER_DISPATCH SampleDeviceControl;

static UCHAR g_Scratch[256];

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_TRANSFORM_IN Input = (PSAMPLE_TRANSFORM_IN)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PSAMPLE_TRANSFORM_OUT Output = (PSAMPLE_TRANSFORM_OUT)Irp->UserBuffer;
    ULONG_PTR Information = 0;
    ULONG Index, Length;
    SIZE_T LabelChars;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_TRANSFORM ||
        Input == NULL || Output == NULL ||
        IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_TRANSFORM_IN) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_TRANSFORM_OUT)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(Input, sizeof(SAMPLE_TRANSFORM_IN), TYPE_ALIGNMENT(ULONG));
            ProbeForWrite(Output, sizeof(SAMPLE_TRANSFORM_OUT), TYPE_ALIGNMENT(ULONG));
        }
        LabelChars = wcsnlen(Input->Label, RTL_NUMBER_OF(Input->Label));
        Length = min(Input->Length, (ULONG)sizeof(Input->Data));
        RtlCopyMemory(g_Scratch, Input->Data, Length);
        for (Index = 0; Index < Length; Index++) {
            Output->Data[Index] = g_Scratch[Index] ^ (UCHAR)(Input->Key + LabelChars);
        }
        Output->Length = Length;
        Information = sizeof(SAMPLE_TRANSFORM_OUT);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
