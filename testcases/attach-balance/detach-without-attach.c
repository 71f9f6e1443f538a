// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// attach-balance: the routine attaches only when it is not already running in the target
// process, but detaches unconditionally. On the path where no attach happened,
// KeUnstackDetachProcess restores an uninitialised KAPC_STATE. Reported on the detach;
// the conditional attach is a related location.

#include <ntifs.h>

typedef struct _SAMPLE_TARGET {
    PEPROCESS Process;
    PVOID Flag;
} SAMPLE_TARGET, *PSAMPLE_TARGET;

NTSTATUS
SampleSignalTarget(PSAMPLE_TARGET Target)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Target->Process != PsGetCurrentProcess()) {
        // NOTE: :[[@LINE+1]]:9: note: attached here on some paths only
        KeStackAttachProcess(Target->Process, &ApcState);
    }
    __try {
        ProbeForWrite(Target->Flag, sizeof(LONG), sizeof(LONG));
        InterlockedExchange((volatile LONG *)Target->Flag, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    // CHECK: :[[@LINE+1]]:5: warning: KeUnstackDetachProcess(&ApcState) may run without a matching attach: the state is not attached on some path reaching it; {{.*}} [attach-balance]
    KeUnstackDetachProcess(&ApcState);
    return Status;
}

VOID
SampleLeaveTarget(PSAMPLE_TARGET Target)
{
    // The caller attached with its own KAPC_STATE: this detach matches nothing here.
    // CHECK: :[[@LINE+1]]:5: warning: KeDetachProcess() may run without a matching attach: {{.*}} [attach-balance]
    KeDetachProcess();
    Target->Process = NULL;
}
