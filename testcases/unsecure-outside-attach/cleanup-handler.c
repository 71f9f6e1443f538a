// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// unsecure-outside-attach: an IOCTL secures a ring buffer of the calling process and keeps
// the handle in the file object's context; the IRP_MJ_CLEANUP handler releases it. Cleanup
// runs in whatever process closes the last handle (a duplicated or inherited handle can be
// closed by another process), and the handler never attaches to the owner it recorded.
// Reported on the MmUnsecureVirtualMemory call in the cleanup handler.

#include <ntifs.h>

#define IOCTL_SAMPLE_MAP_RING CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_NEITHER, FILE_ANY_ACCESS)
#define SAMPLE_TAG 'iRmS'

typedef struct _SAMPLE_FILE_CONTEXT {
    PEPROCESS Owner;
    PVOID Ring;
    SIZE_T RingLength;
    HANDLE SecureHandle;
} SAMPLE_FILE_CONTEXT, *PSAMPLE_FILE_CONTEXT;

static NTSTATUS
SampleComplete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleCreate;

NTSTATUS
SampleCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_FILE_CONTEXT Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    Context = (PSAMPLE_FILE_CONTEXT)ExAllocatePoolWithTag(PagedPool, sizeof(SAMPLE_FILE_CONTEXT), SAMPLE_TAG);
    if (Context == NULL) {
        return SampleComplete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    RtlZeroMemory(Context, sizeof(SAMPLE_FILE_CONTEXT));
    IrpSp->FileObject->FsContext = Context;
    return SampleComplete(Irp, STATUS_SUCCESS);
}

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_FILE_CONTEXT Context = (PSAMPLE_FILE_CONTEXT)IrpSp->FileObject->FsContext;
    PVOID Ring = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SIZE_T Length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    HANDLE SecureHandle;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_MAP_RING) {
        return SampleComplete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (Context->SecureHandle != NULL) {
        return SampleComplete(Irp, STATUS_ALREADY_REGISTERED);
    }

    SecureHandle = MmSecureVirtualMemory(Ring, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleComplete(Irp, STATUS_ACCESS_VIOLATION);
    }
    Context->Owner = PsGetCurrentProcess();
    ObReferenceObject(Context->Owner);
    Context->Ring = Ring;
    Context->RingLength = Length;
    Context->SecureHandle = SecureHandle;
    return SampleComplete(Irp, STATUS_SUCCESS);
}

DRIVER_DISPATCH SampleCleanup;

NTSTATUS
SampleCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_FILE_CONTEXT Context = (PSAMPLE_FILE_CONTEXT)IrpSp->FileObject->FsContext;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Context != NULL && Context->SecureHandle != NULL) {
        // The owner was recorded but is never attached to.
        // CHECK: :[[@LINE+1]]:9: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Context->SecureHandle' was not secured in this function and no KeStackAttachProcess is active here; {{.*}}; attach to the process that secured it first [unsecure-outside-attach]
        MmUnsecureVirtualMemory(Context->SecureHandle);
        Context->SecureHandle = NULL;
        ObDereferenceObject(Context->Owner);
        Context->Owner = NULL;
    }
    return SampleComplete(Irp, STATUS_SUCCESS);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreate;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SampleDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = SampleCleanup;
    return STATUS_SUCCESS;
}
