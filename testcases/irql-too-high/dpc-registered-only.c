// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: DPC routines declared without any role typedef or annotation. They are
// known to run at DISPATCH_LEVEL only because DriverEntry registers them, one with
// KeInitializeDpc and one with IoInitializeDpcRequest. MmSecureVirtualMemory and
// MmUnsecureVirtualMemory (both <= APC_LEVEL) are reported in each; the registration is
// the related location.

#include <ntddk.h>

typedef struct _SAMPLE_DEVICE_EXTENSION {
    KDPC RefreshDpc;
    PVOID StatusBuffer;      // user buffer of the pending status request
    ULONG StatusLength;
    ULONG Generation;
} SAMPLE_DEVICE_EXTENSION, *PSAMPLE_DEVICE_EXTENSION;

VOID
SampleRefreshStatus(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PSAMPLE_DEVICE_EXTENSION Ext = (PSAMPLE_DEVICE_EXTENSION)DeferredContext;
    HANDLE Secure;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleRefreshStatus is a DPC routine (registered with KeInitializeDpc at line [[#@LINE+51]]); {{.*}} [irql-too-high]
    Secure = MmSecureVirtualMemory(Ext->StatusBuffer, Ext->StatusLength, PAGE_READWRITE);
    // CHECK-NEXT: :[[@LINE+49]]:5: note: SampleRefreshStatus registered as a DPC routine here
    if (Secure == NULL) {
        return;
    }
    __try {
        *(PULONG)Ext->StatusBuffer = Ext->Generation;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Ext->Generation = 0;
    }
    // CHECK: :[[@LINE+1]]:5: error: MmUnsecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleRefreshStatus is a DPC routine (registered with KeInitializeDpc at line {{[0-9]+}}); {{.*}} [irql-too-high]
    MmUnsecureVirtualMemory(Secure);
}

VOID
SampleDeviceDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleDeviceDpc is a DPC routine (registered with IoInitializeDpcRequest at line [[#@LINE+24]]); {{.*}} [irql-too-high]
        ProbeForWrite(Irp->UserBuffer, sizeof(ULONG), sizeof(ULONG));
        *(PULONG)Irp->UserBuffer = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT DeviceObject;
    PSAMPLE_DEVICE_EXTENSION Ext;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Status = IoCreateDevice(DriverObject, sizeof(SAMPLE_DEVICE_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, 0, FALSE, &DeviceObject);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    IoInitializeDpcRequest(DeviceObject, SampleDeviceDpc);
    Ext = (PSAMPLE_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    KeInitializeDpc(&Ext->RefreshDpc, SampleRefreshStatus, Ext);
    return STATUS_SUCCESS;
}
