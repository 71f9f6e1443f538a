// The real kernel headers parse: a WDM driver built on <wdm.h> alone (dispatch
// routines, a spin-lock protected queue, a DPC, a completion routine). Must be clean:
// exit 0, no output (in particular no `compiler-error`).
// RUN: %drvcheck %s > %t.out
// RUN: %python %tools/fs.py empty %t.out

#include <wdm.h>

#define QUEUE_TAG 'ueQW'
#define IOCTL_QUEUE_PUSH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_QUEUE_POP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _QUEUE_ITEM {
    LIST_ENTRY Link;
    ULONG Value;
} QUEUE_ITEM, *PQUEUE_ITEM;

typedef struct _QUEUE_EXTENSION {
    PDEVICE_OBJECT Self;
    KSPIN_LOCK Lock;
    LIST_ENTRY Items;
    ULONG Count;
    KDPC Dpc;
    KTIMER Timer;
    KEVENT Drained;
} QUEUE_EXTENSION, *PQUEUE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD QueueUnload;
DRIVER_DISPATCH QueueCreateClose;
DRIVER_DISPATCH QueueDeviceControl;
KDEFERRED_ROUTINE QueueTimerDpc;
IO_COMPLETION_ROUTINE QueueForwardCompletion;

static PDEVICE_OBJECT g_QueueDevice;

static VOID
QueuePush(PQUEUE_EXTENSION Ext, PQUEUE_ITEM Item)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&Ext->Lock, &OldIrql);
    InsertTailList(&Ext->Items, &Item->Link);
    Ext->Count++;
    KeReleaseSpinLock(&Ext->Lock, OldIrql);
}

static PQUEUE_ITEM
QueuePop(PQUEUE_EXTENSION Ext)
{
    KIRQL OldIrql;
    PLIST_ENTRY Entry = NULL;

    KeAcquireSpinLock(&Ext->Lock, &OldIrql);
    if (!IsListEmpty(&Ext->Items)) {
        Entry = RemoveHeadList(&Ext->Items);
        Ext->Count--;
    }
    KeReleaseSpinLock(&Ext->Lock, OldIrql);
    return Entry ? CONTAINING_RECORD(Entry, QUEUE_ITEM, Link) : NULL;
}

VOID
QueueTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PQUEUE_EXTENSION Ext = (PQUEUE_EXTENSION)Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&Ext->Lock);
    if (IsListEmpty(&Ext->Items)) {
        KeSetEvent(&Ext->Drained, IO_NO_INCREMENT, FALSE);
    }
    KeReleaseSpinLockFromDpcLevel(&Ext->Lock);
}

NTSTATUS
QueueForwardCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
QueueCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
QueueDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PQUEUE_EXTENSION Ext = (PQUEUE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PULONG System = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;
    PQUEUE_ITEM Item;

    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_QUEUE_PUSH:
        if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            Status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        Item = (PQUEUE_ITEM)ExAllocatePoolWithTag(NonPagedPool, sizeof(*Item), QUEUE_TAG);
        if (Item == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        Item->Value = *System;
        QueuePush(Ext, Item);
        break;
    case IOCTL_QUEUE_POP:
        if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            Status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        Item = QueuePop(Ext);
        if (Item == NULL) {
            Status = STATUS_NO_MORE_ENTRIES;
            break;
        }
        *System = Item->Value;
        ExFreePoolWithTag(Item, QUEUE_TAG);
        Information = sizeof(ULONG);
        break;
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

VOID
QueueUnload(PDRIVER_OBJECT DriverObject)
{
    PQUEUE_EXTENSION Ext = (PQUEUE_EXTENSION)g_QueueDevice->DeviceExtension;
    PQUEUE_ITEM Item;

    UNREFERENCED_PARAMETER(DriverObject);
    KeCancelTimer(&Ext->Timer);
    KeFlushQueuedDpcs();
    while ((Item = QueuePop(Ext)) != NULL) {
        ExFreePoolWithTag(Item, QUEUE_TAG);
    }
    IoDeleteDevice(g_QueueDevice);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\DrvcheckQueue");
    PQUEUE_EXTENSION Ext;
    LARGE_INTEGER Due;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(QUEUE_EXTENSION), &Name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_QueueDevice);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Ext = (PQUEUE_EXTENSION)g_QueueDevice->DeviceExtension;
    Ext->Self = g_QueueDevice;
    Ext->Count = 0;
    KeInitializeSpinLock(&Ext->Lock);
    InitializeListHead(&Ext->Items);
    KeInitializeEvent(&Ext->Drained, NotificationEvent, FALSE);
    KeInitializeDpc(&Ext->Dpc, QueueTimerDpc, Ext);
    KeInitializeTimer(&Ext->Timer);
    Due.QuadPart = -10 * 1000 * 1000;
    KeSetTimerEx(&Ext->Timer, Due, 1000, &Ext->Dpc);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = QueueCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = QueueCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = QueueDeviceControl;
    DriverObject->DriverUnload = QueueUnload;
    g_QueueDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
