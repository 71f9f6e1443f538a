// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// unsecure-outside-attach suppression. Both work items release a handle outside the
// securing process. The first documents that it only ever serves requests of the System
// process itself and silences the finding with NOLINT naming this rule; the second names
// only another rule (attach-balance), so its release is still reported.

#include <ntifs.h>

typedef struct _SAMPLE_SYSTEM_REQUEST {
    WORK_QUEUE_ITEM Item;
    PVOID Buffer;
    HANDLE SecureHandle;
} SAMPLE_SYSTEM_REQUEST, *PSAMPLE_SYSTEM_REQUEST;

static VOID
SampleSystemWorker(PVOID Parameter)
{
    PSAMPLE_SYSTEM_REQUEST Request = (PSAMPLE_SYSTEM_REQUEST)Parameter;

    MmUnsecureVirtualMemory(Request->SecureHandle); // NOLINT(unsecure-outside-attach)
    Request->SecureHandle = NULL;
}

static VOID
SampleClientWorker(PVOID Parameter)
{
    PSAMPLE_SYSTEM_REQUEST Request = (PSAMPLE_SYSTEM_REQUEST)Parameter;

    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [unsecure-outside-attach]
    MmUnsecureVirtualMemory(Request->SecureHandle); // NOLINT(attach-balance)
    Request->SecureHandle = NULL;
}

VOID
SampleQueueRequest(PSAMPLE_SYSTEM_REQUEST Request, BOOLEAN FromSystem)
{
    if (FromSystem) {
        ExInitializeWorkItem(&Request->Item, SampleSystemWorker, Request);
    } else {
        ExInitializeWorkItem(&Request->Item, SampleClientWorker, Request);
    }
    ExQueueWorkItem(&Request->Item, DelayedWorkQueue);
}
