// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: a validation failure returns between MmSecureVirtualMemory and
// MmUnsecureVirtualMemory. The leak is reported on the secure call (callee name); the
// `return` the handle leaks through is the related location (note).

#include <ntddk.h>

#define IOCTL_SAMPLE_UPDATE_RECORD \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_NEITHER, FILE_ANY_ACCESS)

#define SAMPLE_RECORD_VERSION 2

typedef struct _SAMPLE_RECORD {
    ULONG Version;
    ULONG Flags;
    ULONG Result;
} SAMPLE_RECORD, *PSAMPLE_RECORD;

DRIVER_DISPATCH SampleDeviceControl;

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_RECORD Record;
    ULONG InputLength;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_UPDATE_RECORD) {
        return SampleCompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    Record = (PSAMPLE_RECORD)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    InputLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    if (InputLength < sizeof(SAMPLE_RECORD)) {
        return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(Record, sizeof(SAMPLE_RECORD), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength != 0) {
        // The handle is still held here: MmUnsecureVirtualMemory is skipped.
        // CHECK: :[[@LINE+1]]:9: note:
        return SampleCompleteRequest(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    __try {
        if (Record->Version != SAMPLE_RECORD_VERSION) {
            Status = STATUS_REVISION_MISMATCH;
        } else {
            Record->Result = Record->Flags & 0xFF;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleCompleteRequest(Irp, Status, 0);
}
