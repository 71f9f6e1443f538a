// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative, path-sensitive: the secure and the release are guarded by the
// same unmodified local. When the flag is false nothing was secured and nothing is
// released; when it is true the handle is released once. Joining the two branches
// without keeping the flag value apart would wrongly report a leak (flag false at the
// release) or a release of a never-secured handle (flag true at the secure).

#include <ntddk.h>

#define SAMPLE_LARGE_TRANSFER (64 * 1024)

// Implemented in another source file of the driver.
NTSTATUS SampleTransferFromUser(PVOID UserBuffer, ULONG Length);

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleWrite;
DRIVER_DISPATCH SampleWriteLarge;

// `Secured` is set only after a successful secure, then tested before the release.
NTSTATUS
SampleWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID UserBuffer = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Write.Length;
    HANDLE SecureHandle = NULL;
    BOOLEAN Secured = FALSE;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->RequestorMode != KernelMode) {
        SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
        }
        Secured = TRUE;
    }

    __try {
        Status = SampleTransferFromUser(UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (Secured) {
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return SampleCompleteRequest(Irp, Status, NT_SUCCESS(Status) ? Length : 0);
}

// The same condition local guards both the secure and the release; the handle local is
// not even initialized on the path where nothing is secured.
NTSTATUS
SampleWriteLarge(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID UserBuffer = Irp->UserBuffer;
    ULONG Length = IrpSp->Parameters.Write.Length;
    BOOLEAN SecureIt = (Length >= SAMPLE_LARGE_TRANSFER);
    HANDLE SecureHandle;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (SecureIt) {
        SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
        }
    }

    __try {
        Status = SampleTransferFromUser(UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (SecureIt) {
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return SampleCompleteRequest(Irp, Status, NT_SUCCESS(Status) ? Length : 0);
}
