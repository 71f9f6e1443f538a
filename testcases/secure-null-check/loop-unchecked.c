// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check in a loop: each iteration secures one segment, touches it and
// releases it, but never tests the handle. Reported once, on the secure call in the loop
// body; the first unchecked use is the RtlZeroMemory of the segment (related location).

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

        // CHECK: :[[@LINE+1]]:24: warning: {{.*}} [secure-null-check]
        SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READWRITE);

        __try {
            // CHECK: :[[@LINE+1]]:13: note:
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
