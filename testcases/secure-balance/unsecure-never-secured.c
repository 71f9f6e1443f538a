// RUN: not %drvcheck --disable unsecure-outside-attach %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the buffer is secured only when the transfer is not empty, but the
// release at the end is unconditional. For an empty write the local was never assigned
// a handle. Reported on the MmUnsecureVirtualMemory.
//
// unsecure-outside-attach is disabled here: on the empty-write path no secure happened
// in this function, and RULES.md leaves open whether that rule also reports a release of
// a local that never held a handle. This fixture is about secure-balance only.

#include <ntddk.h>

// Implemented in another source file of the driver.
NTSTATUS SampleQueueTransfer(PDEVICE_OBJECT DeviceObject, PVOID Buffer, ULONG Length);

DRIVER_DISPATCH SampleWrite;

NTSTATUS
SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID UserBuffer = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Write.Length;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length != 0) {
        SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
            Irp->IoStatus.Information = 0;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_ACCESS_VIOLATION;
        }

        __try {
            Status = SampleQueueTransfer(DeviceObject, UserBuffer, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
    }

    // Never secured when Length == 0.
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmUnsecureVirtualMemory(SecureHandle);

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? Length : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
