// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// mdl-address-null-check: MmGetSystemAddressForMdlSafe returns NULL when the mapping
// cannot be made. A direct-I/O read handler copies into the mapping without testing it
// (mingw-w64 spells MmGetSystemAddressForMdlSafe as a macro: the finding is on its use),
// and a write handler calls MmMapLockedPagesSpecifyCache itself and tests the result on
// one branch only. Reported at the mapping call; the unchecked access is a note.

#include <ntddk.h>

typedef struct _SAMPLE_RING {
    UCHAR Data[4096];
    ULONG Head;
} SAMPLE_RING, *PSAMPLE_RING;

DRIVER_DISPATCH SampleRead;
DRIVER_DISPATCH SampleWrite;

static SAMPLE_RING g_Ring;

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = min(IrpSp->Parameters.Read.Length, (ULONG)sizeof(g_Ring.Data));
    PUCHAR Out;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->MdlAddress == NULL) {
        Irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_PARAMETER;
    }
    // CHECK: :[[@LINE+2]]:19: warning: result of MmGetSystemAddressForMdlSafe ('Out') may be NULL (the mapping fails when system address space runs short) but is accessed at line [[@LINE+3]] without a NULL check; test it (if (Out == NULL) ...) first [mdl-address-null-check]
    // CHECK: :[[@LINE+2]]:5: note: first access without a NULL check
    Out = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    RtlCopyMemory(Out, g_Ring.Data, Length);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = min(IrpSp->Parameters.Write.Length, (ULONG)sizeof(g_Ring.Data));
    BOOLEAN Strict = (IrpSp->Flags & SL_WRITE_THROUGH) != 0;
    const UCHAR *In;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    // CHECK: :[[@LINE+1]]:25: warning: result of MmMapLockedPagesSpecifyCache ('In') may be NULL {{.*}} accessed at line {{[0-9]+}} {{.*}} [mdl-address-null-check]
    In = (const UCHAR *)MmMapLockedPagesSpecifyCache(Irp->MdlAddress, KernelMode, MmCached, NULL, FALSE,
                                                     NormalPagePriority);
    if (Strict && In == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        Length = 0;
    } else {
        /* a non-strict write with a failed mapping still reads through In */
        // CHECK: :[[@LINE+1]]:9: note: first access without a NULL check
        RtlCopyMemory(g_Ring.Data, In, Length);
        g_Ring.Head = Length;
    }
    if (In != NULL) {
        MmUnmapLockedPages((PVOID)In, Irp->MdlAddress);
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
