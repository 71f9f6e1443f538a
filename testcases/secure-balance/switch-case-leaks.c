// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the handle is secured before a switch on the control code; every case
// releases it except IOCTL_SAMPLE_WRITE_CONFIG, whose `break` reaches the final
// `return` with the handle held (related location).

#include <ntddk.h>

#define IOCTL_SAMPLE_READ_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SAMPLE_WRITE_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_CONFIG {
    ULONG Mode;
    ULONG Threshold;
    ULONG Flags;
} SAMPLE_CONFIG, *PSAMPLE_CONFIG;

static SAMPLE_CONFIG g_SampleConfig;

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
    ULONG IoControlCode = IrpSp->Parameters.DeviceIoControl.IoControlCode;
    PSAMPLE_CONFIG UserConfig = (PSAMPLE_CONFIG)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    HANDLE SecureHandle;
    ULONG_PTR Information = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_CONFIG)) {
        return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(UserConfig, sizeof(SAMPLE_CONFIG), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    switch (IoControlCode) {
    case IOCTL_SAMPLE_READ_CONFIG:
        __try {
            RtlCopyMemory(UserConfig, &g_SampleConfig, sizeof(SAMPLE_CONFIG));
            Information = sizeof(SAMPLE_CONFIG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
        break;

    case IOCTL_SAMPLE_WRITE_CONFIG:
        __try {
            RtlCopyMemory(&g_SampleConfig, UserConfig, sizeof(SAMPLE_CONFIG));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        // MmUnsecureVirtualMemory(SecureHandle) is missing in this case only.
        break;

    default:
        MmUnsecureVirtualMemory(SecureHandle);
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    // CHECK: :[[@LINE+1]]:5: note:
    return SampleCompleteRequest(Irp, Status, Information);
}
