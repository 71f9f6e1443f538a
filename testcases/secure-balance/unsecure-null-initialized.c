// RUN: not %drvcheck --disable unsecure-outside-attach %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the local starts as NULL and a validation failure jumps to the common
// exit before anything is secured; the exit releases unconditionally. On that path the
// local was assigned NULL and holds no handle. Reported on the MmUnsecureVirtualMemory.
//
// unsecure-outside-attach is disabled here: on the early path no secure happened in this
// function, and RULES.md leaves open whether that rule also reports a release of a
// local known to be NULL. This fixture is about secure-balance only.

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
    HANDLE SecureHandle = NULL;
    ULONG_PTR Information = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_REQUEST)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    SecureHandle = MmSecureVirtualMemory(Request, sizeof(SAMPLE_REQUEST), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        Request->Result = SampleExecute(Request->Operation, Request->Argument);
        Information = sizeof(SAMPLE_REQUEST);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Exit:
    // Still NULL when the input was too small.
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmUnsecureVirtualMemory(SecureHandle);
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
