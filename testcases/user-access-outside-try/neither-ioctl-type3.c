// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: a METHOD_NEITHER IOCTL reads its request through
// Type3InputBuffer (copied to a local, then cast) and fills the reply through
// Irp->UserBuffer, with no __try/__except anywhere. Every line that touches the user
// buffers is reported once, on the access; the source of the user pointer is a note.

#include <ntddk.h>

#define IOCTL_SAMPLE_QUERY_RANGE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_NEITHER, FILE_ANY_ACCESS)

#define SAMPLE_TABLE_SIZE 64

typedef struct _SAMPLE_RANGE_QUERY {
    ULONG First;
    ULONG Count;
} SAMPLE_RANGE_QUERY, *PSAMPLE_RANGE_QUERY;

typedef struct _SAMPLE_RANGE_REPLY {
    ULONG Count;
    ULONG Values[16];
} SAMPLE_RANGE_REPLY, *PSAMPLE_RANGE_REPLY;

DRIVER_DISPATCH SampleDeviceControl;

static ULONG g_Table[SAMPLE_TABLE_SIZE];

NTSTATUS
SampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID InputBuffer;
    PSAMPLE_RANGE_QUERY Query;
    PSAMPLE_RANGE_REPLY Reply;
    ULONG First, Count, Index;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_QUERY_RANGE ||
        IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_RANGE_QUERY) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLE_RANGE_REPLY)) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    InputBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    Query = (PSAMPLE_RANGE_QUERY)InputBuffer;
    Reply = (PSAMPLE_RANGE_REPLY)Irp->UserBuffer;

    // CHECK: :[[@LINE+3]]:13: warning: 'Query' points into user memory (IrpSp->Parameters.DeviceIoControl.Type3InputBuffer at line 49) and is accessed outside __try/__except; {{.*}} [user-access-outside-try]
    // CHECK-NEXT: {{^}}    First = Query->First;
    // CHECK: :49:53: note: the user pointer comes from here
    First = Query->First;
    // CHECK: :[[@LINE+2]]:13: warning: 'Query' points into user memory {{.*}} [user-access-outside-try]
    // CHECK: :49:53: note: the user pointer comes from here
    Count = Query->Count;
    if (First >= SAMPLE_TABLE_SIZE || Count > SAMPLE_TABLE_SIZE - First || Count > 16) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    for (Index = 0; Index < Count; Index++) {
        // CHECK: :[[@LINE+2]]:16: warning: 'Reply' points into user memory (Irp->UserBuffer at line 51) {{.*}} [user-access-outside-try]
        // CHECK: :51:39: note: the user pointer comes from here
        Reply->Values[Index] = g_Table[First + Index];
    }
    // CHECK: :[[@LINE+1]]:5: warning: 'Reply' points into user memory {{.*}} [user-access-outside-try]
    Reply->Count = Count;
    Information = sizeof(SAMPLE_RANGE_REPLY);

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
