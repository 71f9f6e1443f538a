// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: completion routines (registered with IoSetCompletionRoutine, so
// at up to DISPATCH_LEVEL) that test KeGetCurrentIrql() before the restricted call:
// directly in the condition, with the constant on either side, through a local that holds
// KeGetCurrentIrql(), and with an early return when the IRQL is too high.

#include <ntddk.h>

typedef struct _SAMPLE_REQUEST {
    PVOID UserBuffer;
    ULONG Length;
    ULONG Result;
    PIO_WORKITEM WorkItem;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

IO_WORKITEM_ROUTINE SampleFinishAtPassive;

VOID
SampleFinishAtPassive(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    __try {
        ProbeForWrite(Request->UserBuffer, sizeof(ULONG), sizeof(ULONG));
        *(PULONG)Request->UserBuffer = Request->Result;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Request->Result = 0;
    }
}

NTSTATUS
SampleGuardedCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Context;

    if (KeGetCurrentIrql() <= APC_LEVEL) {
        __try {
            ProbeForWrite(Request->UserBuffer, sizeof(ULONG), sizeof(ULONG));
            *(PULONG)Request->UserBuffer = (ULONG)Irp->IoStatus.Information;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Irp->IoStatus.Status = GetExceptionCode();
        }
    } else {
        Request->Result = (ULONG)Irp->IoStatus.Information;
        IoQueueWorkItem(Request->WorkItem, SampleFinishAtPassive, DelayedWorkQueue, Request);
    }
    UNREFERENCED_PARAMETER(DeviceObject);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
SampleEarlyReturnCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Context;
    HANDLE Secure;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (DISPATCH_LEVEL == KeGetCurrentIrql()) {
        IoQueueWorkItem(Request->WorkItem, SampleFinishAtPassive, DelayedWorkQueue, Request);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    Secure = MmSecureVirtualMemory(Request->UserBuffer, Request->Length, PAGE_READONLY);
    if (Secure != NULL) {
        MmUnsecureVirtualMemory(Secure);
    }
    Irp->IoStatus.Information = 0;
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
SampleLocalIrqlCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)Context;
    KIRQL Irql = KeGetCurrentIrql();

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Irql > APC_LEVEL) {
        IoQueueWorkItem(Request->WorkItem, SampleFinishAtPassive, DelayedWorkQueue, Request);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    __try {
        ProbeForRead(Request->UserBuffer, Request->Length, 1);
        Request->Result = *(PULONG)Request->UserBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Irp->IoStatus.Status = GetExceptionCode();
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
SampleSendRequest(PDEVICE_OBJECT LowerDevice, PIRP Irp, PSAMPLE_REQUEST Request, ULONG Variant)
{
    IoCopyCurrentIrpStackLocationToNext(Irp);
    if (Variant == 0) {
        IoSetCompletionRoutine(Irp, SampleGuardedCompletion, Request, TRUE, TRUE, TRUE);
    } else if (Variant == 1) {
        IoSetCompletionRoutine(Irp, SampleEarlyReturnCompletion, Request, TRUE, TRUE, TRUE);
    } else {
        IoSetCompletionRoutine(Irp, SampleLocalIrqlCompletion, Request, TRUE, TRUE, TRUE);
    }
    return IoCallDriver(LowerDevice, Irp);
}
