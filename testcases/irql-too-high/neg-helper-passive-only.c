// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: helpers without roles or annotations take the IRQL of their
// call sites. SampleMapUserView is called only from the dispatch routine and DriverEntry
// (PASSIVE_LEVEL). SampleBumpCounter takes and releases a spin lock, and is called from a
// DPC as well: its summary says it returns at the IRQL it was called at, so the dispatch
// routine's later calls stay at PASSIVE_LEVEL.

#include <ntifs.h>

typedef struct _SAMPLE_EXTENSION {
    KSPIN_LOCK Lock;
    ULONG Counter;
    KDPC Dpc;
    PVOID View;
} SAMPLE_EXTENSION, *PSAMPLE_EXTENSION;

static NTSTATUS
SampleMapUserView(PSAMPLE_EXTENSION Ext, SIZE_T Size)
{
    PVOID Base = NULL;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT | MEM_RESERVE,
                                     PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        Ext->View = Base;
    }
    return Status;
}

static VOID
SampleBumpCounter(PSAMPLE_EXTENSION Ext)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&Ext->Lock, &OldIrql);
    Ext->Counter++;
    KeReleaseSpinLock(&Ext->Lock, OldIrql);
}

KDEFERRED_ROUTINE SampleDpc;

VOID
SampleDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    SampleBumpCounter((PSAMPLE_EXTENSION)DeferredContext);
}

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_EXTENSION Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS Status;

    SampleBumpCounter(Ext);
    Status = SampleMapUserView(Ext, PAGE_SIZE);
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT DeviceObject;
    PSAMPLE_EXTENSION Ext;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(SAMPLE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &DeviceObject);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    KeInitializeSpinLock(&Ext->Lock);
    KeInitializeDpc(&Ext->Dpc, SampleDpc, Ext);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SampleDeviceControl;
    return SampleMapUserView(Ext, 2 * PAGE_SIZE);
}
