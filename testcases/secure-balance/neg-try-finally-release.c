// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the release sits in a __finally block, so it runs on every
// way out of the __try body: falling through, each `__leave`, and an exception raised
// by a call in the body (which unwinds through the __finally).

#include <ntddk.h>

#define SAMPLE_QUERY_VERSION 1

typedef struct _SAMPLE_QUERY {
    ULONG Version;
    ULONG Index;
    ULONG64 Value;
} SAMPLE_QUERY, *PSAMPLE_QUERY;

// Implemented in another source file of the driver.
NTSTATUS SampleLookupValue(ULONG Index, PULONG64 Value);

DRIVER_DISPATCH SampleQueryValue;

NTSTATUS
SampleQueryValue(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_QUERY Query = (PSAMPLE_QUERY)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_QUERY Captured;
    HANDLE SecureHandle;
    ULONG_PTR Information = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_QUERY)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Complete;
    }

    SecureHandle = MmSecureVirtualMemory(Query, sizeof(SAMPLE_QUERY), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Complete;
    }

    __try {
        __try {
            RtlCopyMemory(&Captured, Query, sizeof(SAMPLE_QUERY));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        if (!NT_SUCCESS(Status)) {
            __leave;
        }

        if (Captured.Version != SAMPLE_QUERY_VERSION) {
            Status = STATUS_REVISION_MISMATCH;
            __leave;
        }

        Status = SampleLookupValue(Captured.Index, &Captured.Value);
        if (!NT_SUCCESS(Status)) {
            __leave;
        }

        __try {
            Query->Value = Captured.Value;
            Information = sizeof(SAMPLE_QUERY);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
    } __finally {
        MmUnsecureVirtualMemory(SecureHandle);
    }

Complete:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
