// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// secure-balance: the error path releases the handle and then jumps to the common exit,
// which releases it again. Reported on the second MmUnsecureVirtualMemory; the first
// release is the related location (checked with the NOTE prefix, because the note's line
// comes before the finding's line).

#include <ntddk.h>

#define SAMPLE_MESSAGE_VERSION 3

typedef struct _SAMPLE_MESSAGE {
    ULONG Version;
    ULONG PayloadLength;
    UCHAR Payload[64];
} SAMPLE_MESSAGE, *PSAMPLE_MESSAGE;

DRIVER_DISPATCH SampleSendMessage;

NTSTATUS
SampleSendMessage(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_MESSAGE Message = (PSAMPLE_MESSAGE)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_MESSAGE Captured;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_MESSAGE)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Complete;
    }

    SecureHandle = MmSecureVirtualMemory(Message, sizeof(SAMPLE_MESSAGE), PAGE_READONLY);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Complete;
    }

    __try {
        RtlCopyMemory(&Captured, Message, sizeof(SAMPLE_MESSAGE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (!NT_SUCCESS(Status) || Captured.Version != SAMPLE_MESSAGE_VERSION) {
        if (NT_SUCCESS(Status)) {
            Status = STATUS_REVISION_MISMATCH;
        }
        // NOTE: :[[@LINE+1]]:9: note:
        MmUnsecureVirtualMemory(SecureHandle);
        goto Release;
    }

    Captured.PayloadLength = min(Captured.PayloadLength, (ULONG)sizeof(Captured.Payload));

Release:
    // Second release on the error path above.
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmUnsecureVirtualMemory(SecureHandle);

Complete:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
