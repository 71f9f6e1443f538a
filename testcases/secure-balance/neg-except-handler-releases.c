// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the __except handler that returns early releases the handle
// first, and the normal path releases it after the __try.

#include <ntddk.h>

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleRead;

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID UserBuffer = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Read.Length;
    HANDLE SecureHandle;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Length == 0) {
        return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
    }

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    __try {
        ProbeForWrite(UserBuffer, Length, sizeof(UCHAR));
        RtlFillMemory(UserBuffer, Length, 0xA5);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, Status, 0);
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, Length);
}
