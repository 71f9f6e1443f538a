// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check: the NULL test happens only for user-mode requestors. On the
// kernel-mode path the handle reaches MmUnsecureVirtualMemory unchecked - the first
// unchecked use (related location). Reported on the secure call.

#include <ntddk.h>

// Implemented in another source file of the driver.
NTSTATUS SampleConsumeRecords(PVOID Records, ULONG Length);

DRIVER_DISPATCH SampleWrite;

NTSTATUS
SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID Records = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Write.Length;
    HANDLE SecureHandle;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-null-check]
    SecureHandle = MmSecureVirtualMemory(Records, Length, PAGE_READONLY);
    if (Irp->RequestorMode == UserMode) {
        if (SecureHandle == NULL) {
            Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
            Irp->IoStatus.Information = 0;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_ACCESS_VIOLATION;
        }
    }

    Status = SampleConsumeRecords(Records, Length);

    // CHECK: :[[@LINE+1]]:5: note:
    MmUnsecureVirtualMemory(SecureHandle);

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? Length : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
