// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check: the NULL test comes too late - the secured reply buffer is written
// (inside __try/__except, so user-access-outside-try is satisfied) before the handle is
// compared against NULL. Reported on the secure call; the write is the first unchecked
// use (related location). The release itself is after the test and is fine.

#include <ntddk.h>

typedef struct _SAMPLE_REPLY {
    NTSTATUS Status;
    ULONG Sequence;
    ULONG64 Value;
} SAMPLE_REPLY, *PSAMPLE_REPLY;

// Implemented in another source file of the driver.
NTSTATUS SampleReadRegister(PDEVICE_OBJECT DeviceObject, PULONG64 Value);

DRIVER_DISPATCH SampleQueryRegister;

NTSTATUS
SampleQueryRegister(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_REPLY Reply = (PSAMPLE_REPLY)Irp->UserBuffer;
    ULONG64 Value = 0;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_REPLY)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Complete;
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-null-check]
    SecureHandle = MmSecureVirtualMemory(Reply, sizeof(SAMPLE_REPLY), PAGE_READWRITE);

    __try {
        // CHECK: :[[@LINE+1]]:9: note:
        Reply->Status = STATUS_PENDING;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Complete;
    }

    if (NT_SUCCESS(Status)) {
        Status = SampleReadRegister(DeviceObject, &Value);
        __try {
            Reply->Status = Status;
            Reply->Value = Value;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
    }

    MmUnsecureVirtualMemory(SecureHandle);

Complete:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? sizeof(SAMPLE_REPLY) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
