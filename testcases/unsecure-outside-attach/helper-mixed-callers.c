// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE --implicit-check-not="note:"
//
// unsecure-outside-attach: a helper releases a session's secured buffer. Closing a session
// by IOCTL attaches to the session's owner around the helper call, but the unload routine
// calls the same helper for every leftover session without attaching (DriverUnload runs
// in the System process). A helper is judged at its call sites: the finding is on the
// helper's MmUnsecureVirtualMemory, with the unattached call site as related location;
// the attached call site is not mentioned.

#include <ntifs.h>

#define SAMPLE_MAX_SESSIONS 8

typedef struct _SAMPLE_SESSION {
    PEPROCESS Owner;
    PVOID Buffer;
    SIZE_T Length;
    HANDLE SecureHandle;
} SAMPLE_SESSION, *PSAMPLE_SESSION;

static SAMPLE_SESSION g_Sessions[SAMPLE_MAX_SESSIONS];

static VOID
SampleReleaseSessionBuffer(PSAMPLE_SESSION Session)
{
    // CHECK: :[[@LINE+1]]:5: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Session->SecureHandle' was not secured in this function and no KeStackAttachProcess is active here; 'SampleReleaseSessionBuffer' is called at line [[#@LINE+39]] outside any attach {{.*}} [unsecure-outside-attach]
    MmUnsecureVirtualMemory(Session->SecureHandle);
    Session->SecureHandle = NULL;
    Session->Buffer = NULL;
    Session->Length = 0;
}

NTSTATUS
SampleCloseSession(ULONG Index)
{
    PSAMPLE_SESSION Session;
    KAPC_STATE ApcState;

    if (Index >= SAMPLE_MAX_SESSIONS || g_Sessions[Index].Owner == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    Session = &g_Sessions[Index];

    KeStackAttachProcess(Session->Owner, &ApcState);
    SampleReleaseSessionBuffer(Session);
    KeUnstackDetachProcess(&ApcState);

    ObDereferenceObject(Session->Owner);
    Session->Owner = NULL;
    return STATUS_SUCCESS;
}

DRIVER_UNLOAD SampleUnload;

VOID
SampleUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);

    for (i = 0; i < SAMPLE_MAX_SESSIONS; i++) {
        if (g_Sessions[i].Owner != NULL) {
            // NOTE: :[[@LINE+1]]:13: note: called here without an active KeStackAttachProcess
            SampleReleaseSessionBuffer(&g_Sessions[i]);
            ObDereferenceObject(g_Sessions[i].Owner);
            g_Sessions[i].Owner = NULL;
        }
    }
}
