// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: inside the loop, a `continue` taken after the secure succeeded skips
// the MmUnsecureVirtualMemory at the end of the body; the next iteration overwrites the
// held handle (or the loop ends with it held). One finding, on the secure call.
// The `continue` before the secure (empty segment) is fine.

#include <ntddk.h>

#define SAMPLE_SEGMENT_OPTIONAL 0x1

typedef struct _SAMPLE_SEGMENT {
    PVOID Address;      // user-mode address supplied by the application
    ULONG Length;
    ULONG Flags;
} SAMPLE_SEGMENT, *PSAMPLE_SEGMENT;

typedef struct _SAMPLE_CHECKSUM_REQUEST {
    ULONG SegmentCount;
    ULONG Reserved;
    SAMPLE_SEGMENT Segments[8];
    ULONG Checksums[8];
} SAMPLE_CHECKSUM_REQUEST, *PSAMPLE_CHECKSUM_REQUEST;

DRIVER_DISPATCH SampleChecksumSegments;

NTSTATUS
SampleChecksumSegments(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_CHECKSUM_REQUEST Request = (PSAMPLE_CHECKSUM_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    HANDLE SecureHandle;
    ULONG Index;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_CHECKSUM_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_CHECKSUM_REQUEST) ||
        Request->SegmentCount > RTL_NUMBER_OF(Request->Segments)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    for (Index = 0; Index < Request->SegmentCount; Index++) {
        PUCHAR Address = (PUCHAR)Request->Segments[Index].Address;
        ULONG Length = Request->Segments[Index].Length;
        ULONG Checksum = 0;
        ULONG Offset;

        Request->Checksums[Index] = 0;
        if (Length == 0) {
            continue;
        }

        // CHECK: :[[@LINE+1]]:24: warning: {{.*}} [secure-balance]
        SecureHandle = MmSecureVirtualMemory(Address, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            Status = STATUS_ACCESS_VIOLATION;
            break;
        }

        if (Request->Segments[Index].Flags & SAMPLE_SEGMENT_OPTIONAL) {
            // Optional segments are not summed - but the handle is not released either.
            continue;
        }

        __try {
            for (Offset = 0; Offset < Length; Offset++) {
                Checksum += Address[Offset];
            }
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }

        MmUnsecureVirtualMemory(SecureHandle);
        if (!NT_SUCCESS(Status)) {
            break;
        }
        Request->Checksums[Index] = Checksum;
    }

Exit:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? sizeof(SAMPLE_CHECKSUM_REQUEST) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
