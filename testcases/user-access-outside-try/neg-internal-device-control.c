// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: IRP_MJ_INTERNAL_DEVICE_CONTROL requests come only from
// kernel-mode drivers, so Irp->UserBuffer and Type3InputBuffer in a routine registered in
// that MajorFunction slot alone are kernel buffers (a class driver's connect data, as in
// the WDK's kbfiltr sample, and a query block here).

#include <ntddk.h>

#define IOCTL_SAMPLE_INTERNAL_CONNECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SAMPLE_INTERNAL_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_CONNECT_DATA {
    PDEVICE_OBJECT ClassDevice;
    PVOID ClassService;
} SAMPLE_CONNECT_DATA, *PSAMPLE_CONNECT_DATA;

typedef struct _SAMPLE_EXTENSION {
    SAMPLE_CONNECT_DATA Connect;
} SAMPLE_EXTENSION, *PSAMPLE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH SampleInternalIoctl;
DRIVER_DISPATCH SampleCreateClose;
DRIVER_UNLOAD SampleUnload;

NTSTATUS
SampleInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_EXTENSION Ext = (PSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_CONNECT_DATA Connect;
    PSAMPLE_CONNECT_DATA Reply;
    NTSTATUS Status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SAMPLE_INTERNAL_CONNECT &&
        IrpSp->Parameters.DeviceIoControl.InputBufferLength >= sizeof(SAMPLE_CONNECT_DATA)) {
        Connect = (PSAMPLE_CONNECT_DATA)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
        Ext->Connect.ClassDevice = Connect->ClassDevice;
        Ext->Connect.ClassService = Connect->ClassService;
    } else if (IrpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SAMPLE_INTERNAL_QUERY &&
               IrpSp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(SAMPLE_CONNECT_DATA)) {
        Reply = (PSAMPLE_CONNECT_DATA)Irp->UserBuffer;
        *Reply = Ext->Connect;
    } else {
        Status = STATUS_INVALID_DEVICE_REQUEST;
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SampleUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Status = IoCreateDevice(DriverObject, sizeof(SAMPLE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &Device);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = SampleInternalIoctl;
    DriverObject->DriverUnload = SampleUnload;
    return STATUS_SUCCESS;
}
