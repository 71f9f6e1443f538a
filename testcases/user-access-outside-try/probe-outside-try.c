// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: ProbeForRead, ProbeForWrite and MmProbeAndLockPages raise an
// exception by design when the range is bad, so each call must itself be inside
// __try/__except. Here the probes guard the copy (which is covered) but sit before the
// __try, and the MDL is locked with no handler at all.

#include <ntddk.h>

#define IOCTL_SAMPLE_EXCHANGE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x813, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_EXCHANGE {
    ULONG Cookie;
    ULONG Value;
} SAMPLE_EXCHANGE, *PSAMPLE_EXCHANGE;

DRIVER_DISPATCH SampleDeviceControl;

static NTSTATUS
SampleLockOutput(PIRP Irp, ULONG Length, PMDL *MdlOut)
{
    PMDL Mdl = IoAllocateMdl(Irp->UserBuffer, Length, FALSE, FALSE, NULL);

    if (Mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    // CHECK: :[[@LINE+1]]:5: warning: MmProbeAndLockPages raises an exception when the user range is invalid, but this call is not inside __try/__except; {{.*}} [user-access-outside-try]
    MmProbeAndLockPages(Mdl, UserMode, IoWriteAccess);
    *MdlOut = Mdl;
    return STATUS_SUCCESS;
}

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_EXCHANGE In = (PSAMPLE_EXCHANGE)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PSAMPLE_EXCHANGE Out = (PSAMPLE_EXCHANGE)Irp->UserBuffer;
    SAMPLE_EXCHANGE Local;
    PMDL Mdl = NULL;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_EXCHANGE ||
        IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_EXCHANGE) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_EXCHANGE)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    // CHECK: :[[@LINE+1]]:5: warning: ProbeForRead raises an exception {{.*}} [user-access-outside-try]
    ProbeForRead(In, sizeof(SAMPLE_EXCHANGE), TYPE_ALIGNMENT(ULONG));
    // CHECK: :[[@LINE+1]]:5: warning: ProbeForWrite raises an exception {{.*}} [user-access-outside-try]
    ProbeForWrite(Out, sizeof(SAMPLE_EXCHANGE), TYPE_ALIGNMENT(ULONG));
    __try {
        Local = *In;
        Local.Value ^= Local.Cookie;
        *Out = Local;
        Status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        goto Done;
    }

    Status = SampleLockOutput(Irp, sizeof(SAMPLE_EXCHANGE), &Mdl);
    if (NT_SUCCESS(Status)) {
        MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
