// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [mdl-address-null-check]
//
// mdl-address-null-check negative: every way drivers test the mapping before using it: an
// early return on `== NULL`, the assignment inside the test, a test of a copy, the usual
// goto-cleanup with `if (!p)`, and a use guarded by `if (p)`. A mapping into user space
// (AccessMode UserMode) raises instead of returning NULL and is not judged.

#include <ntddk.h>

#define IOCTL_SAMPLE_MAP_SHARED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SAMPLE_EXTENSION {
    PMDL SharedMdl;
    PVOID SharedUserVa;
    UCHAR Snapshot[256];
} SAMPLE_EXTENSION, *PSAMPLE_EXTENSION;

DRIVER_DISPATCH SampleRead;
DRIVER_DISPATCH SampleWrite;
DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_EXTENSION Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    PUCHAR Out;
    PUCHAR Cursor;
    ULONG Length = MmGetMdlByteCount(Irp->MdlAddress);
    NTSTATUS Status = STATUS_SUCCESS;

    if ((Out = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority)) == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        Length = 0;
        goto Done;
    }
    Cursor = Out;
    Length = min(Length, (ULONG)sizeof(Ext->Snapshot));
    RtlCopyMemory(Cursor, Ext->Snapshot, Length);

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_EXTENSION Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    ULONG Length = min(MmGetMdlByteCount(Irp->MdlAddress), (ULONG)sizeof(Ext->Snapshot));
    PVOID Mapped = MmMapLockedPagesSpecifyCache(Irp->MdlAddress, KernelMode, MmCached, NULL, FALSE,
                                                NormalPagePriority | MdlMappingNoExecute);
    PUCHAR In = (PUCHAR)Mapped;
    NTSTATUS Status = STATUS_SUCCESS;

    if (!In) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Done;
    }
    RtlCopyMemory(Ext->Snapshot, In, Length);
    MmUnmapLockedPages(Mapped, Irp->MdlAddress);

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? Length : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_EXTENSION Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID *Reply = (PVOID *)Irp->AssociatedIrp.SystemBuffer;
    PUCHAR System;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_MAP_SHARED ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID) || Ext->SharedMdl == NULL) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    System = (PUCHAR)MmGetSystemAddressForMdlSafe(Ext->SharedMdl, HighPagePriority);
    if (System) {
        System[0] = 1; /* mark the shared page in use */
    }

    __try {
        Ext->SharedUserVa = MmMapLockedPagesSpecifyCache(Ext->SharedMdl, UserMode, MmCached, NULL, FALSE,
                                                         NormalPagePriority);
        *Reply = Ext->SharedUserVa;
        Information = sizeof(PVOID);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
