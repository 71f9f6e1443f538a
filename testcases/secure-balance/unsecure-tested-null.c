// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: when the secure fails, the code jumps to the common exit, and the exit
// releases the handle unconditionally - on that path the handle was tested and found
// NULL, so MmUnsecureVirtualMemory receives no handle. Reported on that
// MmUnsecureVirtualMemory. (The handle was compared against NULL before the release, so
// secure-null-check is satisfied; every path to the release went through the secure in
// this function, so unsecure-outside-attach is too.)

#include <ntddk.h>

typedef struct _SAMPLE_REQUEST {
    ULONG Operation;
    ULONG Argument;
    ULONG Result;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

// Implemented in another source file of the driver.
ULONG SampleExecute(ULONG Operation, ULONG Argument);

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    HANDLE SecureHandle;
    ULONG_PTR Information = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_REQUEST)) {
        Irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_BUFFER_TOO_SMALL;
    }

    SecureHandle = MmSecureVirtualMemory(Request, sizeof(SAMPLE_REQUEST), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    __try {
        Request->Result = SampleExecute(Request->Operation, Request->Argument);
        Information = sizeof(SAMPLE_REQUEST);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Exit:
    // Missing `if (SecureHandle != NULL)`.
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmUnsecureVirtualMemory(SecureHandle);
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
