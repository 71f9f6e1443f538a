// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the buffer is secured, then written under __try/__except. Any access
// in the __try body may jump to the handler, and the handler returns with the handle
// still held. The `return` in the __except block is the related location.

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

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Length == 0) {
        return SampleCompleteRequest(Irp, STATUS_SUCCESS, 0);
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    __try {
        ProbeForWrite(UserBuffer, Length, sizeof(UCHAR));
        RtlFillMemory(UserBuffer, Length, 0xA5);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        // CHECK: :[[@LINE+1]]:9: note:
        return SampleCompleteRequest(Irp, GetExceptionCode(), 0);
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleCompleteRequest(Irp, STATUS_SUCCESS, Length);
}
