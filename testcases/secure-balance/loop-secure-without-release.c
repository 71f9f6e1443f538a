// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: every loop iteration secures one user segment and never releases it.
// Each iteration overwrites the handle of the previous one, and the last handle is still
// held at the return. One finding, on the secure call in the loop body (the exit note is
// not checked here: the handle is lost both by the overwrite and at the return).

#include <ntddk.h>

typedef struct _SAMPLE_SEGMENT {
    PVOID Address;      // user-mode address supplied by the application
    ULONG Length;
    ULONG Reserved;
} SAMPLE_SEGMENT, *PSAMPLE_SEGMENT;

typedef struct _SAMPLE_PIN_REQUEST {
    ULONG SegmentCount;
    ULONG Reserved;
    SAMPLE_SEGMENT Segments[16];
} SAMPLE_PIN_REQUEST, *PSAMPLE_PIN_REQUEST;

DRIVER_DISPATCH SamplePinSegments;

NTSTATUS
SamplePinSegments(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    // METHOD_BUFFERED: the request itself is a system copy; the segment addresses in it
    // point into the caller's address space.
    PSAMPLE_PIN_REQUEST Request = (PSAMPLE_PIN_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    HANDLE SecureHandle;
    ULONG Index;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_PIN_REQUEST) ||
        Request->SegmentCount > RTL_NUMBER_OF(Request->Segments)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    for (Index = 0; Index < Request->SegmentCount; Index++) {
        PVOID Address = Request->Segments[Index].Address;
        ULONG Length = Request->Segments[Index].Length;

        // CHECK: :[[@LINE+1]]:24: warning: {{.*}} [secure-balance]
        SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            Status = STATUS_ACCESS_VIOLATION;
            break;
        }
    }

Exit:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
