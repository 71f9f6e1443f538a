// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: in every loop iteration the handle is tested before the
// segment is touched and before it is released; a failed secure ends the loop.

#include <ntddk.h>

typedef struct _SAMPLE_SEGMENT {
    PVOID Address;      // user-mode address supplied by the application
    ULONG Length;
    ULONG Reserved;
} SAMPLE_SEGMENT, *PSAMPLE_SEGMENT;

typedef struct _SAMPLE_SCRUB_REQUEST {
    ULONG SegmentCount;
    ULONG Reserved;
    SAMPLE_SEGMENT Segments[8];
} SAMPLE_SCRUB_REQUEST, *PSAMPLE_SCRUB_REQUEST;

DRIVER_DISPATCH SampleScrubSegments;

NTSTATUS
SampleScrubSegments(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_SCRUB_REQUEST Request = (PSAMPLE_SCRUB_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    HANDLE SecureHandle;
    ULONG Index;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_SCRUB_REQUEST) ||
        Request->SegmentCount > RTL_NUMBER_OF(Request->Segments)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    for (Index = 0; Index < Request->SegmentCount && NT_SUCCESS(Status); Index++) {
        PVOID Address = Request->Segments[Index].Address;
        ULONG Length = Request->Segments[Index].Length;

        SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READWRITE);
        if (SecureHandle == NULL) {
            Status = STATUS_ACCESS_VIOLATION;
            break;
        }

        __try {
            RtlZeroMemory(Address, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }

        MmUnsecureVirtualMemory(SecureHandle);
    }

Exit:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
