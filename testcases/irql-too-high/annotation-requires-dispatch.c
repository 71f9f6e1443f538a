// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: functions whose SAL annotations say they run at DISPATCH_LEVEL:
// _IRQL_requires_(DISPATCH_LEVEL), _IRQL_requires_min_(DISPATCH_LEVEL) and
// _IRQL_requires_max_(DISPATCH_LEVEL) (may be called at DISPATCH_LEVEL). Each calls a
// routine limited to APC_LEVEL; the annotation is named in the message.

#include <ntddk.h>

typedef struct _SAMPLE_COUNTERS {
    KSPIN_LOCK Lock;
    ULONG Reads;
    ULONG Writes;
    PVOID UserCopy;          // user buffer that mirrors the counters
    PMDL UserMdl;
} SAMPLE_COUNTERS, *PSAMPLE_COUNTERS;

_IRQL_requires_(DISPATCH_LEVEL)
VOID
SamplePublishCountersLocked(PSAMPLE_COUNTERS Counters)
{
    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForWrite requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SamplePublishCountersLocked is annotated _IRQL_requires_(DISPATCH_LEVEL); {{.*}} [irql-too-high]
        ProbeForWrite(Counters->UserCopy, 2 * sizeof(ULONG), sizeof(ULONG));
        ((PULONG)Counters->UserCopy)[0] = Counters->Reads;
        ((PULONG)Counters->UserCopy)[1] = Counters->Writes;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Counters->UserCopy = NULL;
    }
}

_IRQL_requires_min_(DISPATCH_LEVEL)
VOID
SampleLockCounterPages(PSAMPLE_COUNTERS Counters)
{
    __try {
        // CHECK: :[[@LINE+1]]:9: error: MmProbeAndLockPages requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleLockCounterPages is annotated _IRQL_requires_min_(DISPATCH_LEVEL); {{.*}} [irql-too-high]
        MmProbeAndLockPages(Counters->UserMdl, UserMode, IoWriteAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        IoFreeMdl(Counters->UserMdl);
        Counters->UserMdl = NULL;
    }
}

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
SampleSecureCounterCopy(PSAMPLE_COUNTERS Counters)
{
    HANDLE Secure;

    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleSecureCounterCopy is annotated _IRQL_requires_max_(DISPATCH_LEVEL); {{.*}} [irql-too-high]
    Secure = MmSecureVirtualMemory(Counters->UserCopy, 2 * sizeof(ULONG), PAGE_READONLY);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    // CHECK: :[[@LINE+1]]:5: error: MmUnsecureVirtualMemory requires IRQL <= APC_LEVEL {{.*}} [irql-too-high]
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
