// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [unsecure-outside-attach]
//
// unsecure-outside-attach negative: a helper that releases a registration's handle is
// called only inside KeStackAttachProcess/KeUnstackDetachProcess brackets: directly from
// the IOCTL that unregisters, and through an intermediate function from the timer-driven
// expiry path, which attaches before calling it. A helper whose every call site is
// attached (here or up the calling chain) is fine.

#include <ntifs.h>

typedef struct _SAMPLE_REGISTRATION {
    PEPROCESS Owner;
    PVOID Buffer;
    HANDLE SecureHandle;
    ULONG Generation;
} SAMPLE_REGISTRATION, *PSAMPLE_REGISTRATION;

static VOID
SampleReleaseRegistration(PSAMPLE_REGISTRATION Registration)
{
    if (Registration->SecureHandle != NULL) {
        MmUnsecureVirtualMemory(Registration->SecureHandle);
        Registration->SecureHandle = NULL;
    }
    Registration->Buffer = NULL;
}

static VOID
SampleRetireRegistration(PSAMPLE_REGISTRATION Registration)
{
    Registration->Generation++;
    SampleReleaseRegistration(Registration);
}

NTSTATUS
SampleUnregister(PSAMPLE_REGISTRATION Registration)
{
    KAPC_STATE ApcState;

    if (Registration->Owner == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeStackAttachProcess(Registration->Owner, &ApcState);
    SampleReleaseRegistration(Registration);
    KeUnstackDetachProcess(&ApcState);
    ObDereferenceObject(Registration->Owner);
    Registration->Owner = NULL;
    return STATUS_SUCCESS;
}

VOID
SampleExpire(PSAMPLE_REGISTRATION Registrations, ULONG Count)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        KAPC_STATE ApcState;

        if (Registrations[i].Owner == NULL) {
            continue;
        }
        KeStackAttachProcess(Registrations[i].Owner, &ApcState);
        SampleRetireRegistration(&Registrations[i]);
        KeUnstackDetachProcess(&ApcState);
    }
}
