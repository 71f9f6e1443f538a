// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the handle is stored in the device extension (memory reached
// through a parameter), so it escapes - the cleanup routine releases it later, attached
// to the process that secured it. Neither function is a finding: the dispatch routine
// no longer owns the handle, and the cleanup routine releases a handle of unknown origin
// (read from a field).

#include <ntifs.h>

typedef struct _SAMPLE_DEVICE_EXTENSION {
    PEPROCESS SharedOwner;
    PVOID SharedBuffer;
    SIZE_T SharedLength;
    HANDLE SharedSecureHandle;
} SAMPLE_DEVICE_EXTENSION, *PSAMPLE_DEVICE_EXTENSION;

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleMapSharedBuffer;
DRIVER_DISPATCH SampleCleanup;

NTSTATUS
SampleMapSharedBuffer(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_DEVICE_EXTENSION Extension = (PSAMPLE_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID SharedBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SIZE_T SharedLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    HANDLE SecureHandle;

    if (Extension->SharedSecureHandle != NULL) {
        return SampleCompleteRequest(Irp, STATUS_DEVICE_BUSY, 0);
    }
    if (SharedLength == 0 || (SharedLength & (PAGE_SIZE - 1)) != 0) {
        return SampleCompleteRequest(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    SecureHandle = MmSecureVirtualMemory(SharedBuffer, SharedLength, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    Extension->SharedOwner = PsGetCurrentProcess();
    ObReferenceObject(Extension->SharedOwner);
    Extension->SharedBuffer = SharedBuffer;
    Extension->SharedLength = SharedLength;
    // Ownership moves to the device extension; SampleReleaseSharedBuffer unsecures it.
    Extension->SharedSecureHandle = SecureHandle;

    return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

static VOID
SampleReleaseSharedBuffer(PSAMPLE_DEVICE_EXTENSION Extension)
{
    KAPC_STATE ApcState;

    if (Extension->SharedSecureHandle == NULL) {
        return;
    }

    KeStackAttachProcess((PKPROCESS)Extension->SharedOwner, &ApcState);
    MmUnsecureVirtualMemory(Extension->SharedSecureHandle);
    KeUnstackDetachProcess(&ApcState);

    Extension->SharedSecureHandle = NULL;
    Extension->SharedBuffer = NULL;
    Extension->SharedLength = 0;
    ObDereferenceObject(Extension->SharedOwner);
    Extension->SharedOwner = NULL;
}

NTSTATUS
SampleCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    SampleReleaseSharedBuffer((PSAMPLE_DEVICE_EXTENSION)DeviceObject->DeviceExtension);
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
}
