// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the input buffer is secured into SecureHandle, and then the output
// buffer is secured into the same local while the first handle is still held. The first
// handle can no longer be released: reported on the FIRST secure call. The second secure
// is balanced and stays silent.

#include <ntddk.h>

typedef struct _SAMPLE_COMMAND {
    ULONG Opcode;
    ULONG Argument;
} SAMPLE_COMMAND, *PSAMPLE_COMMAND;

typedef struct _SAMPLE_REPLY {
    ULONG Opcode;
    ULONG Status;
    ULONG64 Value;
} SAMPLE_REPLY, *PSAMPLE_REPLY;

// Implemented in another source file of the driver.
NTSTATUS SampleRunCommand(PSAMPLE_COMMAND Command, PSAMPLE_REPLY Reply);

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID InputBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PVOID OutputBuffer = Irp->UserBuffer;
    SAMPLE_COMMAND Command;
    SAMPLE_REPLY Reply;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_COMMAND) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_REPLY)) {
        return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(InputBuffer, sizeof(SAMPLE_COMMAND), PAGE_READONLY);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    __try {
        RtlCopyMemory(&Command, InputBuffer, sizeof(SAMPLE_COMMAND));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return SampleCompleteRequest(Irp, Status, 0);
    }

    // Copy-paste slip: the output handle goes into the same local and the input handle
    // above is lost.
    SecureHandle = MmSecureVirtualMemory(OutputBuffer, sizeof(SAMPLE_REPLY), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    Status = SampleRunCommand(&Command, &Reply);
    if (NT_SUCCESS(Status)) {
        __try {
            RtlCopyMemory(OutputBuffer, &Reply, sizeof(SAMPLE_REPLY));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleCompleteRequest(Irp, Status, NT_SUCCESS(Status) ? sizeof(SAMPLE_REPLY) : 0);
}
