// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: a `goto Exit` taken after the secure succeeded jumps over the
// MmUnsecureVirtualMemory that sits before the Exit label. The handle leaks through the
// `return` after the label (related location).

#include <ntddk.h>

typedef struct _SAMPLE_COUNTERS {
    ULONG64 BytesRead;
    ULONG64 BytesWritten;
    ULONG ErrorCount;
    ULONG Reserved;
} SAMPLE_COUNTERS, *PSAMPLE_COUNTERS;

// Implemented in another source file of the driver.
NTSTATUS SampleSnapshotCounters(PDEVICE_OBJECT DeviceObject, PSAMPLE_COUNTERS Counters);

DRIVER_DISPATCH SampleQueryCounters;

NTSTATUS
SampleQueryCounters(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID OutputBuffer = Irp->UserBuffer;
    ULONG OutputLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    SAMPLE_COUNTERS Counters;
    HANDLE SecureHandle;
    ULONG_PTR Information = 0;
    NTSTATUS Status;

    if (OutputLength < sizeof(SAMPLE_COUNTERS)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(OutputBuffer, sizeof(SAMPLE_COUNTERS), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    Status = SampleSnapshotCounters(DeviceObject, &Counters);
    if (!NT_SUCCESS(Status)) {
        // Jumps over the MmUnsecureVirtualMemory below while the handle is held.
        goto Exit;
    }

    __try {
        RtlCopyMemory(OutputBuffer, &Counters, sizeof(SAMPLE_COUNTERS));
        Information = sizeof(SAMPLE_COUNTERS);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);

Exit:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    // CHECK: :[[@LINE+1]]:5: note:
    return Status;
}
