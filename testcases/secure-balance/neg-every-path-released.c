// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: several early exits after the secure; each one releases the
// handle exactly once before returning, and so does the normal path.

#include <ntddk.h>

#define SAMPLE_FRAME_MAGIC 0x4D415246u   // 'FRAM'

typedef struct _SAMPLE_FRAME {
    ULONG Magic;
    ULONG Length;
    ULONG Checksum;
    UCHAR Body[500];
} SAMPLE_FRAME, *PSAMPLE_FRAME;

// Implemented in another source file of the driver.
ULONG SampleComputeChecksum(const UCHAR *Body, ULONG Length);
NTSTATUS SampleSubmitFrame(const SAMPLE_FRAME *Frame);

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleSubmit;

NTSTATUS
SampleSubmit(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_FRAME UserFrame = (PSAMPLE_FRAME)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_FRAME Frame;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_FRAME)) {
        return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    SecureHandle = MmSecureVirtualMemory(UserFrame, sizeof(SAMPLE_FRAME), PAGE_READONLY);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    __try {
        RtlCopyMemory(&Frame, UserFrame, sizeof(SAMPLE_FRAME));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (!NT_SUCCESS(Status)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, Status, 0);
    }

    if (Frame.Magic != SAMPLE_FRAME_MAGIC) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, STATUS_INVALID_PARAMETER, 0);
    } else if (Frame.Length > sizeof(Frame.Body)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, STATUS_INVALID_BUFFER_SIZE, 0);
    } else if (Frame.Checksum != SampleComputeChecksum(Frame.Body, Frame.Length)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, STATUS_CRC_ERROR, 0);
    }

    MmUnsecureVirtualMemory(SecureHandle);
    Status = SampleSubmitFrame(&Frame);
    return SampleCompleteRequest(Irp, Status, 0);
}
