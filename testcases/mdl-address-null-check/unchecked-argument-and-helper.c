// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// mdl-address-null-check: the mapping used without being stored (straight into
// RtlZeroMemory), and a stored mapping handed to a helper that writes through its
// parameter. Both are accesses of a possibly NULL address.

#include <ntddk.h>

typedef struct _SAMPLE_HEADER {
    ULONG Magic;
    ULONG Length;
} SAMPLE_HEADER, *PSAMPLE_HEADER;

DRIVER_DISPATCH SampleDeviceControl;

static VOID
SampleWriteHeader(PSAMPLE_HEADER Header, ULONG Length)
{
    Header->Magic = 'lpmS';
    Header->Length = Length;
}

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PSAMPLE_HEADER Header;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->MdlAddress == NULL || Length < sizeof(SAMPLE_HEADER)) {
        Irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_PARAMETER;
    }

    // CHECK: :[[@LINE+2]]:5: warning: result of MmGetSystemAddressForMdlSafe may be NULL {{.*}} accessed at line [[@LINE+2]] without a NULL check; store it and compare it with NULL first [mdl-address-null-check]
    // CHECK: :[[@LINE+1]]:5: note: first access without a NULL check
    RtlZeroMemory(MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority), Length);

    // CHECK: :[[@LINE+2]]:30: warning: result of MmGetSystemAddressForMdlSafe ('Header') may be NULL {{.*}} passed to 'SampleWriteHeader', which accesses it, at line [[@LINE+3]] {{.*}} [mdl-address-null-check]
    // CHECK: :[[@LINE+2]]:5: note: first access without a NULL check
    Header = (PSAMPLE_HEADER)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
    SampleWriteHeader(Header, Length);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = sizeof(SAMPLE_HEADER);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
