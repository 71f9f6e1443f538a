// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: what __try covers. A __try/__finally alone handles nothing, so
// the accesses in its body are reported; a __try/__finally nested inside a
// __try/__except body is covered by the outer handler; and the __except block itself is
// not covered (here it writes an error code back to the caller's buffer).

#include <ntddk.h>

#define IOCTL_SAMPLE_UPDATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x814, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _SAMPLE_UPDATE {
    ULONG Generation;
    ULONG Value;
    NTSTATUS Result;
} SAMPLE_UPDATE, *PSAMPLE_UPDATE;

typedef struct _SAMPLE_STATE {
    FAST_MUTEX Lock;
    ULONG Generation;
    ULONG Value;
} SAMPLE_STATE, *PSAMPLE_STATE;

DRIVER_DISPATCH SampleDeviceControl;

static SAMPLE_STATE g_State;

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_UPDATE Update = (PSAMPLE_UPDATE)Irp->UserBuffer;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_UPDATE ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_UPDATE)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    /* The finally only releases the lock: an exception here still crashes. */
    ExAcquireFastMutex(&g_State.Lock);
    __try {
        // CHECK: :[[@LINE+1]]:13: warning: 'Update' points into user memory (Irp->UserBuffer at line 33) {{.*}} [user-access-outside-try]
        if (Update->Generation == g_State.Generation) {
            // CHECK: :[[@LINE+1]]:13: warning: 'Update' points into user memory {{.*}} [user-access-outside-try]
            Update->Value = g_State.Value;
        }
    } __finally {
        ExReleaseFastMutex(&g_State.Lock);
    }

    /* Nested: the inner __finally is inside the outer __except's body, so covered. */
    __try {
        ExAcquireFastMutex(&g_State.Lock);
        __try {
            g_State.Value = Update->Value;
            g_State.Generation++;
            Update->Generation = g_State.Generation;
        } __finally {
            ExReleaseFastMutex(&g_State.Lock);
        }
        Update->Result = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        /* The handler runs outside the __try body: this write is not covered. */
        // CHECK: :[[@LINE+1]]:9: warning: 'Update' points into user memory {{.*}} [user-access-outside-try]
        Update->Result = Status;
    }

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? sizeof(SAMPLE_UPDATE) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
