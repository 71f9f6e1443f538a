// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the handle is passed to a helper in the same translation
// unit that releases it (and completes the IRP). Its summary counts as the release on
// every path; the helper itself releases a parameter (a handle of unknown origin), which
// this rule does not judge. Every call site of the helper holds a handle secured earlier
// in the calling function.

#include <ntddk.h>

typedef struct _SAMPLE_BLOB {
    ULONG Length;
    UCHAR Data[124];
} SAMPLE_BLOB, *PSAMPLE_BLOB;

// Implemented in another source file of the driver.
NTSTATUS SampleStoreBlob(const SAMPLE_BLOB *Blob);

static NTSTATUS
SampleFinishRequest(PIRP Irp, HANDLE SecureHandle, NTSTATUS Status)
{
    MmUnsecureVirtualMemory(SecureHandle);

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleStore;

NTSTATUS
SampleStore(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_BLOB UserBlob = (PSAMPLE_BLOB)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_BLOB Blob;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_BLOB)) {
        Irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_BUFFER_TOO_SMALL;
    }

    SecureHandle = MmSecureVirtualMemory(UserBlob, sizeof(SAMPLE_BLOB), PAGE_READONLY);
    if (SecureHandle == NULL) {
        Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(&Blob, UserBlob, sizeof(SAMPLE_BLOB));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        return SampleFinishRequest(Irp, SecureHandle, Status);
    }

    if (Blob.Length > sizeof(Blob.Data)) {
        return SampleFinishRequest(Irp, SecureHandle, STATUS_INVALID_PARAMETER);
    }

    Status = SampleStoreBlob(&Blob);
    return SampleFinishRequest(Irp, SecureHandle, Status);
}
