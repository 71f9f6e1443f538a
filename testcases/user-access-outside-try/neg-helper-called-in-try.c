// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [user-access-outside-try]
//
// user-access-outside-try negative: a helper that reads the caller's buffer with no handler
// of its own is fine when every call site of it is inside __try/__except (the helper body
// is then covered, and so is the call). Its address is never taken.

#include <ntddk.h>

typedef struct _SAMPLE_ENTRY {
    ULONG Key;
    ULONG Value;
} SAMPLE_ENTRY, *PSAMPLE_ENTRY;

DRIVER_DISPATCH SampleWriteEntries;

static ULONG g_Sum;

static ULONG
SampleValidateEntries(const SAMPLE_ENTRY *Entries, ULONG Count)
{
    ULONG i, Sum = 0;

    ProbeForRead((PVOID)Entries, Count * sizeof(SAMPLE_ENTRY), TYPE_ALIGNMENT(ULONG));
    for (i = 0; i < Count; i++) {
        if (Entries[i].Key == 0) {
            ExRaiseStatus(STATUS_INVALID_PARAMETER);
        }
        Sum += Entries[i].Value;
    }
    return Sum;
}

NTSTATUS
SampleWriteEntries(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_ENTRY Entries = (PSAMPLE_ENTRY)Irp->UserBuffer;
    ULONG Count = IrpSp->Parameters.Write.Length / sizeof(SAMPLE_ENTRY);
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    __try {
        g_Sum += SampleValidateEntries(Entries, Count);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
