// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: an I/O completion routine may run at DISPATCH_LEVEL (the lower driver
// completes the IRP from its DPC). This one has no role typedef; it is known as a
// completion routine because the dispatch routine passes it to IoSetCompletionRoutine.
// Probing and writing the requestor's buffer there is a finding at ProbeForWrite.

#include <ntddk.h>

typedef struct _SAMPLE_QUERY_RESULT {
    ULONG Version;
    ULONG Flags;
    ULONGLONG Capacity;
} SAMPLE_QUERY_RESULT, *PSAMPLE_QUERY_RESULT;

NTSTATUS
SampleQueryCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSAMPLE_QUERY_RESULT Result = (PSAMPLE_QUERY_RESULT)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        __try {
            // CHECK: :[[@LINE+1]]:13: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleQueryCompleted is an I/O completion routine (registered with IoSetCompletionRoutine at line [[#@LINE+17]]); {{.*}} [irql-too-high]
            ProbeForWrite(Irp->UserBuffer, sizeof(SAMPLE_QUERY_RESULT), sizeof(ULONG));
            // CHECK-NEXT: :[[@LINE+15]]:5: note: SampleQueryCompleted registered as an I/O completion routine here
            RtlCopyMemory(Irp->UserBuffer, Result, sizeof(SAMPLE_QUERY_RESULT));
            Irp->IoStatus.Information = sizeof(SAMPLE_QUERY_RESULT);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Irp->IoStatus.Status = GetExceptionCode();
            Irp->IoStatus.Information = 0;
        }
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
SampleForwardQuery(PDEVICE_OBJECT LowerDevice, PIRP Irp, PSAMPLE_QUERY_RESULT Result)
{
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, SampleQueryCompleted, Result, TRUE, TRUE, TRUE);
    return IoCallDriver(LowerDevice, Irp);
}
