// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check: the result of MmSecureVirtualMemory is never compared against NULL.
// Reported on the secure call; the MmUnsecureVirtualMemory that receives the unchecked
// handle is the first unchecked use (related location). Releasing an unchecked handle is
// this rule's finding, not secure-balance's.

#include <ntddk.h>

// Implemented in another source file of the driver: copies the device's pending
// samples to the caller's buffer (under its own exception handling).
NTSTATUS SampleDrainSamples(PDEVICE_OBJECT DeviceObject, PVOID UserBuffer, ULONG Length,
                            PULONG BytesCopied);

DRIVER_DISPATCH SampleRead;

NTSTATUS
SampleRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID UserBuffer = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Read.Length;
    ULONG BytesCopied = 0;
    HANDLE SecureHandle;
    NTSTATUS Status;

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-null-check]
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);

    Status = SampleDrainSamples(DeviceObject, UserBuffer, Length, &BytesCopied);

    // CHECK: :[[@LINE+1]]:5: note:
    MmUnsecureVirtualMemory(SecureHandle);

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = BytesCopied;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
