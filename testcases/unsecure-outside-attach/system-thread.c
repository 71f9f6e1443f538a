// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// unsecure-outside-attach: a reaper thread created with PsCreateSystemThread releases the
// secured buffers of expired registrations through a helper. The helper has one call site,
// in the system thread, which never attaches to the registering process. Reported on the
// helper's MmUnsecureVirtualMemory; the unattached call site is the related location
// (checked with the NOTE prefix).
//
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE

#include <ntifs.h>

#define SAMPLE_TAG 'pRmS'
#define SAMPLE_MAX_REGISTRATIONS 16

typedef struct _SAMPLE_REGISTRATION {
    PEPROCESS Owner;
    PVOID Buffer;
    HANDLE SecureHandle;
    LARGE_INTEGER Expiry;
} SAMPLE_REGISTRATION, *PSAMPLE_REGISTRATION;

static SAMPLE_REGISTRATION g_Registrations[SAMPLE_MAX_REGISTRATIONS];
static KEVENT g_StopReaper;

static VOID
SampleDropRegistration(PSAMPLE_REGISTRATION Registration)
{
    // CHECK: :[[@LINE+1]]:5: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Registration->SecureHandle' was not secured in this function and no KeStackAttachProcess is active here; 'SampleDropRegistration' is called at line [[#@LINE+22]] outside any attach {{.*}} [unsecure-outside-attach]
    MmUnsecureVirtualMemory(Registration->SecureHandle);
    Registration->SecureHandle = NULL;
    ObDereferenceObject(Registration->Owner);
    Registration->Owner = NULL;
}

static VOID
SampleReaperThread(PVOID StartContext)
{
    LARGE_INTEGER Interval;
    ULONG i;

    UNREFERENCED_PARAMETER(StartContext);
    Interval.QuadPart = -10LL * 1000 * 1000 * 5; /* five seconds */

    while (KeWaitForSingleObject(&g_StopReaper, Executive, KernelMode, FALSE, &Interval) == STATUS_TIMEOUT) {
        LARGE_INTEGER Now;
        KeQuerySystemTime(&Now);
        for (i = 0; i < SAMPLE_MAX_REGISTRATIONS; i++) {
            if (g_Registrations[i].Owner != NULL && g_Registrations[i].Expiry.QuadPart < Now.QuadPart) {
                // NOTE: :[[@LINE+1]]:17: note: called here without an active KeStackAttachProcess
                SampleDropRegistration(&g_Registrations[i]);
            }
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
SampleStartReaper(VOID)
{
    HANDLE Thread;
    NTSTATUS Status;

    KeInitializeEvent(&g_StopReaper, NotificationEvent, FALSE);
    Status = PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, SampleReaperThread, NULL);
    if (NT_SUCCESS(Status)) {
        ZwClose(Thread);
    }
    return Status;
}
