// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check: two buffers are secured; the input handle is tested, the output
// handle is not (copy-paste slip), yet the output range is written. Reported on the
// second secure call only; the write is the first unchecked use (related location).
// The cleanup tests both handles before releasing them, which is fine.

#include <ntddk.h>

typedef struct _SAMPLE_HASH_IN {
    ULONG Length;
    UCHAR Data[252];
} SAMPLE_HASH_IN, *PSAMPLE_HASH_IN;

typedef struct _SAMPLE_HASH_OUT {
    UCHAR Digest[32];
} SAMPLE_HASH_OUT, *PSAMPLE_HASH_OUT;

// Implemented in another source file of the driver.
VOID SampleComputeDigest(const UCHAR *Data, ULONG Length, PUCHAR Digest);

DRIVER_DISPATCH SampleHash;

NTSTATUS
SampleHash(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_HASH_IN Input = (PSAMPLE_HASH_IN)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PSAMPLE_HASH_OUT Output = (PSAMPLE_HASH_OUT)Irp->UserBuffer;
    SAMPLE_HASH_IN Captured;
    SAMPLE_HASH_OUT Result;
    HANDLE InputHandle = NULL;
    HANDLE OutputHandle = NULL;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_HASH_IN) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_HASH_OUT)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    InputHandle = MmSecureVirtualMemory(Input, sizeof(SAMPLE_HASH_IN), PAGE_READONLY);
    if (InputHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-null-check]
    OutputHandle = MmSecureVirtualMemory(Output, sizeof(SAMPLE_HASH_OUT), PAGE_READWRITE);
    if (InputHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    __try {
        RtlCopyMemory(&Captured, Input, sizeof(SAMPLE_HASH_IN));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        goto Exit;
    }

    if (Captured.Length > sizeof(Captured.Data)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }
    SampleComputeDigest(Captured.Data, Captured.Length, Result.Digest);

    __try {
        // CHECK: :[[@LINE+1]]:9: note:
        RtlCopyMemory(Output, &Result, sizeof(SAMPLE_HASH_OUT));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Exit:
    if (OutputHandle != NULL) {
        MmUnsecureVirtualMemory(OutputHandle);
    }
    if (InputHandle != NULL) {
        MmUnsecureVirtualMemory(InputHandle);
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? sizeof(SAMPLE_HASH_OUT) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
