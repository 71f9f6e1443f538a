// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// attach-balance: the routine attaches with the KAPC_STATE kept in its context but
// detaches with a local KAPC_STATE that was never attached. Reported once, on the detach
// (the attach it should have undone is the related location; the attach is not reported
// again as left attached).

#include <ntifs.h>

typedef struct _SAMPLE_CONTEXT {
    PEPROCESS Process;
    KAPC_STATE ApcState;
    PVOID RemoteCounter;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

NTSTATUS
SampleBumpRemoteCounter(PSAMPLE_CONTEXT Context)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;

    // NOTE: :[[@LINE+1]]:5: note: attached here with a different state
    KeStackAttachProcess(Context->Process, &Context->ApcState);
    __try {
        ProbeForWrite(Context->RemoteCounter, sizeof(LONG), sizeof(LONG));
        InterlockedIncrement((volatile LONG *)Context->RemoteCounter);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    // CHECK: :[[@LINE+1]]:5: warning: KeUnstackDetachProcess(&ApcState) detaches a state that is not attached here, while KeStackAttachProcess(..., &Context->ApcState) at line [[#@LINE-7]] is still attached; call KeUnstackDetachProcess(&Context->ApcState) to undo that attach [attach-balance]
    KeUnstackDetachProcess(&ApcState);
    return Status;
}
