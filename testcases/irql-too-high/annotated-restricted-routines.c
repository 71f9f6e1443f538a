// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: the restricted-routine table is extended by the _IRQL_requires_max_
// annotations of the parsed sources. SampleReloadSettings (defined here, pageable,
// _IRQL_requires_max_(APC_LEVEL)) is called under a spin lock, and SampleLogEvent
// (declared here, defined in another file, _IRQL_requires_max_(PASSIVE_LEVEL)) is called
// from a DPC. Both calls are findings at the call; calling SampleReloadSettings after the
// release is not.

#include <ntddk.h>

typedef struct _SAMPLE_SETTINGS {
    KSPIN_LOCK Lock;
    ULONG Timeout;
    ULONG Retries;
    BOOLEAN Dirty;
    KDPC WatchdogDpc;
} SAMPLE_SETTINGS, *PSAMPLE_SETTINGS;

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
SampleLogEvent(NTSTATUS Status, ULONG Detail);

_IRQL_requires_max_(APC_LEVEL)
VOID
SampleReloadSettings(PSAMPLE_SETTINGS Settings)
{
    PAGED_CODE();
    Settings->Timeout = 30;
    Settings->Retries = 3;
}

VOID
SampleApplySettings(PSAMPLE_SETTINGS Settings)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&Settings->Lock, &OldIrql);
    if (Settings->Dirty) {
        // CHECK: :[[@LINE+1]]:9: error: SampleReloadSettings requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: spin lock acquired by KeAcquireSpinLock at line [[#@LINE-2]]; {{.*}} [irql-too-high]
        SampleReloadSettings(Settings);
        Settings->Dirty = FALSE;
    }
    KeReleaseSpinLock(&Settings->Lock, OldIrql);

    SampleReloadSettings(Settings);
}

VOID
SampleWatchdog(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PSAMPLE_SETTINGS Settings = (PSAMPLE_SETTINGS)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (Settings->Retries == 0) {
        // CHECK: :[[@LINE+1]]:9: error: SampleLogEvent requires IRQL PASSIVE_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleWatchdog is a DPC routine (registered with KeInitializeDpc at line [[#@LINE+8]]); {{.*}} [irql-too-high]
        SampleLogEvent(STATUS_IO_TIMEOUT, Settings->Timeout);
    }
}

VOID
SampleStartWatchdog(PSAMPLE_SETTINGS Settings)
{
    KeInitializeDpc(&Settings->WatchdogDpc, SampleWatchdog, Settings);
}
