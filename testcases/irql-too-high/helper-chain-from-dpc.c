// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: a helper two calls below a DPC. SampleTimerDpc (KDEFERRED_ROUTINE, at
// DISPATCH_LEVEL) calls SampleFlushStatistics, which calls SampleCopyStatisticsToUser,
// which probes the user buffer. Neither helper has a role or an annotation: their entry
// IRQL is the IRQL at their call sites. The finding is in the innermost helper; the
// message and the notes give the calling chain up to the DPC.

#include <ntddk.h>

typedef struct _SAMPLE_STATISTICS {
    ULONG Interrupts;
    ULONG Transfers;
    ULONG Errors;
    PVOID UserView;          // optional user buffer receiving a copy
    KTIMER Timer;
    KDPC TimerDpc;
} SAMPLE_STATISTICS, *PSAMPLE_STATISTICS;

static VOID
SampleCopyStatisticsToUser(PSAMPLE_STATISTICS Stats)
{
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleCopyStatisticsToUser is called at DISPATCH_LEVEL from SampleFlushStatistics at line [[#@LINE+17]]; SampleFlushStatistics is called at DISPATCH_LEVEL from SampleTimerDpc at line [[#@LINE+33]]; SampleTimerDpc is a DPC routine (declared as KDEFERRED_ROUTINE); {{.*}} [irql-too-high]
        ProbeForWrite(Stats->UserView, 3 * sizeof(ULONG), sizeof(ULONG));
        // CHECK-NEXT: :[[@LINE+15]]:9: note: SampleCopyStatisticsToUser called here at DISPATCH_LEVEL
        // CHECK-NEXT: :[[@LINE+30]]:5: note: SampleFlushStatistics called here at DISPATCH_LEVEL
        // CHECK-NEXT: :[[@LINE+23]]:1: note: SampleTimerDpc is declared as KDEFERRED_ROUTINE, a DPC routine
        ((PULONG)Stats->UserView)[0] = Stats->Interrupts;
        ((PULONG)Stats->UserView)[1] = Stats->Transfers;
        ((PULONG)Stats->UserView)[2] = Stats->Errors;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Stats->UserView = NULL;
    }
}

static VOID
SampleFlushStatistics(PSAMPLE_STATISTICS Stats)
{
    if (Stats->UserView != NULL) {
        SampleCopyStatisticsToUser(Stats);
    }
    Stats->Interrupts = 0;
    Stats->Transfers = 0;
    Stats->Errors = 0;
}

KDEFERRED_ROUTINE SampleTimerDpc;

VOID
SampleTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    SampleFlushStatistics((PSAMPLE_STATISTICS)DeferredContext);
}

VOID
SampleStartStatistics(PSAMPLE_STATISTICS Stats)
{
    LARGE_INTEGER Due;

    Due.QuadPart = -10 * 1000 * 1000;
    KeInitializeTimer(&Stats->Timer);
    KeInitializeDpc(&Stats->TimerDpc, SampleTimerDpc, Stats);
    KeSetTimerEx(&Stats->Timer, Due, 1000, &Stats->TimerDpc);
}
