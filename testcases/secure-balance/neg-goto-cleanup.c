// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the usual single-exit cleanup. Both handles start NULL, every
// failure jumps to Exit, and Exit releases each handle only if it is not NULL.

#include <ntddk.h>

typedef struct _SAMPLE_TRANSFORM_IN {
    ULONG Key;
    ULONG Length;
    UCHAR Data[256];
} SAMPLE_TRANSFORM_IN, *PSAMPLE_TRANSFORM_IN;

typedef struct _SAMPLE_TRANSFORM_OUT {
    ULONG Length;
    UCHAR Data[256];
} SAMPLE_TRANSFORM_OUT, *PSAMPLE_TRANSFORM_OUT;

DRIVER_DISPATCH SampleTransform;

NTSTATUS
SampleTransform(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_TRANSFORM_IN Input = (PSAMPLE_TRANSFORM_IN)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PSAMPLE_TRANSFORM_OUT Output = (PSAMPLE_TRANSFORM_OUT)Irp->UserBuffer;
    HANDLE InputHandle = NULL;
    HANDLE OutputHandle = NULL;
    ULONG_PTR Information = 0;
    ULONG Index;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_TRANSFORM_IN) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_TRANSFORM_OUT)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    InputHandle = MmSecureVirtualMemory(Input, sizeof(SAMPLE_TRANSFORM_IN), PAGE_READONLY);
    if (InputHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    OutputHandle = MmSecureVirtualMemory(Output, sizeof(SAMPLE_TRANSFORM_OUT), PAGE_READWRITE);
    if (OutputHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    __try {
        ULONG Length = min(Input->Length, (ULONG)sizeof(Input->Data));

        for (Index = 0; Index < Length; Index++) {
            Output->Data[Index] = Input->Data[Index] ^ (UCHAR)Input->Key;
        }
        Output->Length = Length;
        Information = sizeof(SAMPLE_TRANSFORM_OUT);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Exit:
    if (OutputHandle != NULL) {
        MmUnsecureVirtualMemory(OutputHandle);
    }
    if (InputHandle != NULL) {
        MmUnsecureVirtualMemory(InputHandle);
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
