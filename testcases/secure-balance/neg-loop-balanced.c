// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: each loop iteration secures one segment and releases it
// before the next iteration starts - on the normal path, before a `continue`, and
// before the `break` of the error path. A failed secure breaks out with nothing held.

#include <ntddk.h>

#define SAMPLE_SEGMENT_SKIP 0x1

typedef struct _SAMPLE_SEGMENT {
    PVOID Address;      // user-mode address supplied by the application
    ULONG Length;
    ULONG Flags;
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

    for (Index = 0; Index < Request->SegmentCount; Index++) {
        PVOID Address = Request->Segments[Index].Address;
        ULONG Length = Request->Segments[Index].Length;

        SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READWRITE);
        if (SecureHandle == NULL) {
            Status = STATUS_ACCESS_VIOLATION;
            break;
        }

        if (Request->Segments[Index].Flags & SAMPLE_SEGMENT_SKIP) {
            MmUnsecureVirtualMemory(SecureHandle);
            continue;
        }

        __try {
            RtlZeroMemory(Address, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }

        if (!NT_SUCCESS(Status)) {
            MmUnsecureVirtualMemory(SecureHandle);
            break;
        }

        MmUnsecureVirtualMemory(SecureHandle);
    }

Exit:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
