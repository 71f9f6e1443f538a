// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// unsecure-outside-attach: client processes register a shared buffer, which the driver
// secures in the client's context. When the broker service exits, a process-notify
// callback (PCREATE_PROCESS_NOTIFY_ROUTINE) tears every client registration down and
// releases the secured ranges. The callback runs in the context of the exiting service,
// not of the clients that secured the buffers. Reported on the MmUnsecureVirtualMemory
// call; the registration with PsSetCreateProcessNotifyRoutine is the related location.

#include <ntifs.h>

#define SAMPLE_TAG 'lCmS'

typedef struct _SAMPLE_CLIENT {
    LIST_ENTRY Link;
    HANDLE ProcessId;
    PVOID SharedBuffer;
    SIZE_T SharedLength;
    HANDLE SecureHandle;
} SAMPLE_CLIENT, *PSAMPLE_CLIENT;

static LIST_ENTRY g_Clients;
static FAST_MUTEX g_ClientLock;
static HANDLE g_BrokerProcessId;

DRIVER_UNLOAD SampleUnload;

static VOID
SampleProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);

    if (Create || ProcessId != g_BrokerProcessId) {
        return;
    }

    // The broker is gone: drop every client registration.
    ExAcquireFastMutex(&g_ClientLock);
    while (!IsListEmpty(&g_Clients)) {
        PLIST_ENTRY Entry = RemoveHeadList(&g_Clients);
        PSAMPLE_CLIENT Client = CONTAINING_RECORD(Entry, SAMPLE_CLIENT, Link);

        // CHECK: :[[@LINE+1]]:9: warning: MmUnsecureVirtualMemory may run outside the securing process: 'Client->SecureHandle' {{.*}}'SampleProcessNotify' is passed to PsSetCreateProcessNotifyRoutine {{.*}} [unsecure-outside-attach]
        MmUnsecureVirtualMemory(Client->SecureHandle);
        ExFreePoolWithTag(Client, SAMPLE_TAG);
    }
    g_BrokerProcessId = NULL;
    ExReleaseFastMutex(&g_ClientLock);
}

NTSTATUS
SampleRegisterClient(PVOID SharedBuffer, SIZE_T SharedLength)
{
    PSAMPLE_CLIENT Client;
    HANDLE SecureHandle;

    Client = (PSAMPLE_CLIENT)ExAllocatePoolWithTag(PagedPool, sizeof(SAMPLE_CLIENT), SAMPLE_TAG);
    if (Client == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    SecureHandle = MmSecureVirtualMemory(SharedBuffer, SharedLength, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        ExFreePoolWithTag(Client, SAMPLE_TAG);
        return STATUS_ACCESS_VIOLATION;
    }
    Client->ProcessId = PsGetCurrentProcessId();
    Client->SharedBuffer = SharedBuffer;
    Client->SharedLength = SharedLength;
    Client->SecureHandle = SecureHandle;

    ExAcquireFastMutex(&g_ClientLock);
    InsertTailList(&g_Clients, &Client->Link);
    ExReleaseFastMutex(&g_ClientLock);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_Clients);
    ExInitializeFastMutex(&g_ClientLock);
    DriverObject->DriverUnload = SampleUnload;
    // NOTE: :[[@LINE+1]]:12: note: 'SampleProcessNotify' is handed to other code here
    return PsSetCreateProcessNotifyRoutine(SampleProcessNotify, FALSE);
}

VOID
SampleUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(SampleProcessNotify, TRUE);
}
