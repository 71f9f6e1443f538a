// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: a passive-level routine raises the IRQL with KeRaiseIrql (a macro around
// KfRaiseIrql in the DDK headers) or KeRaiseIrqlToDpcLevel, and calls a routine limited to
// APC_LEVEL before the matching KeLowerIrql. The same call after KeLowerIrql restored the
// saved IRQL is not reported.

#include <ntddk.h>

typedef struct _SAMPLE_SNAPSHOT {
    PVOID UserBuffer;
    ULONG Length;
    volatile LONG Sequence;
} SAMPLE_SNAPSHOT, *PSAMPLE_SNAPSHOT;

NTSTATUS
SampleTakeSnapshot(PSAMPLE_SNAPSHOT Snapshot)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    InterlockedIncrement(&Snapshot->Sequence);
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForRead requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: IRQL raised to DISPATCH_LEVEL by KeRaiseIrql at line [[#@LINE-3]]; lower the IRQL before the call [irql-too-high]
        ProbeForRead(Snapshot->UserBuffer, Snapshot->Length, 1);
        // CHECK-NEXT: :[[@LINE-5]]:5: note: IRQL raised to DISPATCH_LEVEL here
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    KeLowerIrql(OldIrql);

    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    __try {
        ProbeForRead(Snapshot->UserBuffer, Snapshot->Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleResetSnapshot(PSAMPLE_SNAPSHOT Snapshot)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    OldIrql = KeRaiseIrqlToDpcLevel();
    Snapshot->Sequence = 0;
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: IRQL raised to DISPATCH_LEVEL by KeRaiseIrqlToDpcLevel at line [[#@LINE-3]]; {{.*}} [irql-too-high]
        ProbeForWrite(Snapshot->UserBuffer, Snapshot->Length, 1);
        RtlZeroMemory(Snapshot->UserBuffer, Snapshot->Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    KeLowerIrql(OldIrql);
    return Status;
}
