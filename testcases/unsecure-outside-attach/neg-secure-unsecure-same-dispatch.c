// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [unsecure-outside-attach]
//
// unsecure-outside-attach negative: the dispatch routine secures the caller's buffer, uses
// it under __try/__except and releases it before completing the request, all in the
// requesting thread. A handle secured earlier in the same function is released in the
// right process on every path, including the early exit after a failed copy.

#include <ntifs.h>

#define IOCTL_SAMPLE_TRANSFORM CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_BLOCK {
    ULONG Count;
    ULONG Values[31];
} SAMPLE_BLOCK, *PSAMPLE_BLOCK;

static NTSTATUS
SampleComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_BLOCK UserBlock = (PSAMPLE_BLOCK)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_BLOCK Block;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_TRANSFORM ||
        IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_BLOCK)) {
        return SampleComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    SecureHandle = MmSecureVirtualMemory(UserBlock, sizeof(SAMPLE_BLOCK), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleComplete(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    __try {
        RtlCopyMemory(&Block, UserBlock, sizeof(SAMPLE_BLOCK));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleComplete(Irp, Status, 0);
    }

    for (i = 0; i < Block.Count && i < 31; i++) {
        Block.Values[i] ^= 0x5a5a5a5a;
    }

    __try {
        RtlCopyMemory(UserBlock, &Block, sizeof(SAMPLE_BLOCK));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleComplete(Irp, Status, NT_SUCCESS(Status) ? sizeof(SAMPLE_BLOCK) : 0);
}
