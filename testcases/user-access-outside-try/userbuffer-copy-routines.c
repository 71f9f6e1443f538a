// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: passing a user pointer to a memory or string routine is an
// access. A METHOD_NEITHER "set name" request: the caller's UNICODE name is measured with
// wcslen, wrapped with RtlInitUnicodeString and copied with RtlCopyMemory, and the reply
// (reached by pointer arithmetic on Irp->UserBuffer) is cleared with RtlZeroMemory; none of
// it under __try/__except. Reported at the routine's name; the source is a note.

#include <ntddk.h>

#define IOCTL_SAMPLE_SET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_NEITHER, FILE_ANY_ACCESS)

#define SAMPLE_NAME_CHARS 64
#define SAMPLE_REPLY_HEADER 8

typedef struct _SAMPLE_DEVICE_EXTENSION {
    WCHAR Name[SAMPLE_NAME_CHARS];
    UNICODE_STRING LastRequest;
} SAMPLE_DEVICE_EXTENSION, *PSAMPLE_DEVICE_EXTENSION;

DRIVER_DISPATCH SampleSetName;

NTSTATUS
SampleSetName(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSAMPLE_DEVICE_EXTENSION Ext = (PSAMPLE_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PCWSTR Name = (PCWSTR)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PUCHAR Reply;
    SIZE_T Length;
    NTSTATUS Status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SAMPLE_SET_NAME || Name == NULL) {
        Status = STATUS_INVALID_PARAMETER;
        goto Done;
    }

    // CHECK: :[[@LINE+2]]:14: warning: 'Name' points into user memory (IrpSp->Parameters.DeviceIoControl.Type3InputBuffer at line 29) and is accessed by wcslen outside __try/__except; {{.*}} [user-access-outside-try]
    // CHECK: :29:61: note: the user pointer comes from here
    Length = wcslen(Name);
    if (Length >= SAMPLE_NAME_CHARS) {
        Status = STATUS_NAME_TOO_LONG;
        goto Done;
    }
    // CHECK: :[[@LINE+1]]:5: warning: 'Name' points into user memory {{.*}} accessed by RtlInitUnicodeString outside __try/__except; {{.*}} [user-access-outside-try]
    RtlInitUnicodeString(&Ext->LastRequest, Name);
    // CHECK: :[[@LINE+1]]:5: warning: 'Name' points into user memory {{.*}} accessed by memcpy outside __try/__except; {{.*}} [user-access-outside-try]
    RtlCopyMemory(Ext->Name, Name, (Length + 1) * sizeof(WCHAR));

    Reply = (PUCHAR)Irp->UserBuffer + SAMPLE_REPLY_HEADER;
    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength >= SAMPLE_REPLY_HEADER + sizeof(ULONG)) {
        // CHECK: :[[@LINE+2]]:9: warning: 'Reply' points into user memory (Irp->UserBuffer at line 51) and is accessed by memset outside __try/__except; {{.*}} [user-access-outside-try]
        // CHECK: :51:26: note: the user pointer comes from here
        RtlZeroMemory(Reply, sizeof(ULONG));
    }

Done:
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
