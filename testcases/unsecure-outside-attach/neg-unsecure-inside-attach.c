// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [unsecure-outside-attach]
//
// unsecure-outside-attach negative: code that runs in an arbitrary process context
// releases a handle only after attaching to the process that secured it:
// - a work item between KeStackAttachProcess and KeUnstackDetachProcess;
// - the unload routine with KeAttachProcess/KeDetachProcess;
// - a cleanup path that attaches only when it is not already running in the owner
//   (`Owner != PsGetCurrentProcess()`); on the other path it already is in the owner.

#include <ntifs.h>

#define SAMPLE_TAG 'tAmS'

typedef struct _SAMPLE_MAPPING {
    PEPROCESS Owner;
    PIO_WORKITEM WorkItem;
    PVOID Buffer;
    HANDLE SecureHandle;
} SAMPLE_MAPPING, *PSAMPLE_MAPPING;

static SAMPLE_MAPPING g_Global;

IO_WORKITEM_ROUTINE SampleReleaseWorker;

VOID
SampleReleaseWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PSAMPLE_MAPPING Mapping = (PSAMPLE_MAPPING)Context;
    KAPC_STATE ApcState;

    UNREFERENCED_PARAMETER(DeviceObject);

    KeStackAttachProcess(Mapping->Owner, &ApcState);
    MmUnsecureVirtualMemory(Mapping->SecureHandle);
    KeUnstackDetachProcess(&ApcState);

    Mapping->SecureHandle = NULL;
    ObDereferenceObject(Mapping->Owner);
    IoFreeWorkItem(Mapping->WorkItem);
    ExFreePoolWithTag(Mapping, SAMPLE_TAG);
}

VOID
SampleQueueRelease(PSAMPLE_MAPPING Mapping)
{
    IoQueueWorkItem(Mapping->WorkItem, SampleReleaseWorker, DelayedWorkQueue, Mapping);
}

DRIVER_UNLOAD SampleUnload;

VOID
SampleUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Global.SecureHandle != NULL) {
        KeAttachProcess(g_Global.Owner);
        MmUnsecureVirtualMemory(g_Global.SecureHandle);
        KeDetachProcess();
        g_Global.SecureHandle = NULL;
        ObDereferenceObject(g_Global.Owner);
    }
}

VOID
SampleDropMapping(PSAMPLE_MAPPING Mapping)
{
    KAPC_STATE ApcState;
    BOOLEAN Attached = FALSE;

    if (Mapping->Owner != PsGetCurrentProcess()) {
        KeStackAttachProcess(Mapping->Owner, &ApcState);
        Attached = TRUE;
    }
    MmUnsecureVirtualMemory(Mapping->SecureHandle);
    Mapping->SecureHandle = NULL;
    if (Attached) {
        KeUnstackDetachProcess(&ApcState);
    }
}
