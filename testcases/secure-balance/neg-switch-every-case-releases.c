// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: the handle is secured before a switch and every case,
// including the default and a case that falls through into the next one, releases it
// exactly once.

#include <ntddk.h>

#define IOCTL_SAMPLE_GET_MODE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SAMPLE_SET_MODE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SAMPLE_SET_MODE_EX \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x822, METHOD_NEITHER, FILE_ANY_ACCESS)

static ULONG g_SampleMode;

DRIVER_DISPATCH SampleModeControl;

NTSTATUS
SampleModeControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PULONG UserMode = (PULONG)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    HANDLE SecureHandle;
    ULONG_PTR Information = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Complete;
    }

    SecureHandle = MmSecureVirtualMemory(UserMode, sizeof(ULONG), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Complete;
    }

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SAMPLE_GET_MODE:
        __try {
            *UserMode = g_SampleMode;
            Information = sizeof(ULONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
        break;

    case IOCTL_SAMPLE_SET_MODE_EX:
        Information = sizeof(ULONG);
        // fall through
    case IOCTL_SAMPLE_SET_MODE:
        __try {
            g_SampleMode = *UserMode;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
        break;

    default:
        MmUnsecureVirtualMemory(SecureHandle);
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

Complete:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
