// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: the IRQL is raised with KeRaiseIrql / KeRaiseIrqlToDpcLevel and
// lowered again with KeLowerIrql(saved) before the restricted call; raising only to
// APC_LEVEL keeps routines limited to APC_LEVEL legal; the saved IRQL may travel through
// a field of a context structure.

#include <ntddk.h>

typedef struct _SAMPLE_CONTEXT {
    volatile LONG Sequence;
    KIRQL SavedIrql;
    PVOID UserBuffer;
    ULONG Length;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

NTSTATUS
SampleCapture(PSAMPLE_CONTEXT Context)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    InterlockedIncrement(&Context->Sequence);
    KeLowerIrql(OldIrql);

    __try {
        ProbeForRead(Context->UserBuffer, Context->Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleCaptureAtApc(PSAMPLE_CONTEXT Context)
{
    KIRQL OldIrql;
    HANDLE Secure;

    // APC_LEVEL blocks normal kernel APCs; MmSecureVirtualMemory is still allowed.
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    Secure = MmSecureVirtualMemory(Context->UserBuffer, Context->Length, PAGE_READONLY);
    if (Secure != NULL) {
        MmUnsecureVirtualMemory(Secure);
    }
    KeLowerIrql(OldIrql);
    return Secure != NULL ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS
SampleCaptureSavedInContext(PSAMPLE_CONTEXT Context)
{
    NTSTATUS Status = STATUS_SUCCESS;

    Context->SavedIrql = KeRaiseIrqlToDpcLevel();
    InterlockedIncrement(&Context->Sequence);
    KeLowerIrql(Context->SavedIrql);

    __try {
        ProbeForWrite(Context->UserBuffer, Context->Length, 1);
        RtlZeroMemory(Context->UserBuffer, Context->Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}
