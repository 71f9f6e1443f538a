// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: lock helpers. SampleLockContext returns holding the context's
// spin lock (old IRQL saved in the context); SampleUnlockContext and
// SampleUnlockAndRelease release it, which restores the IRQL the caller had before
// SampleLockContext (PASSIVE_LEVEL here). The restricted calls after the release, in the
// caller and inside SampleUnlockAndRelease, are not reported. KeLowerIrql with a constant
// level sets that level.

#include <ntifs.h>

typedef struct _SAMPLE_CONTEXT {
    KSPIN_LOCK Lock;
    KIRQL LockIrql;
    ULONG References;
    PVOID UserBuffer;
    SIZE_T Length;
    HANDLE Secure;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

static VOID
SampleLockContext(PSAMPLE_CONTEXT Context)
{
    KeAcquireSpinLock(&Context->Lock, &Context->LockIrql);
}

static VOID
SampleUnlockContext(PSAMPLE_CONTEXT Context)
{
    KeReleaseSpinLock(&Context->Lock, Context->LockIrql);
}

static VOID
SampleUnlockAndRelease(PSAMPLE_CONTEXT Context, HANDLE Secure)
{
    KeReleaseSpinLock(&Context->Lock, Context->LockIrql);
    MmUnsecureVirtualMemory(Secure);
}

NTSTATUS
SampleSecureContextBuffer(PSAMPLE_CONTEXT Context)
{
    HANDLE Secure;

    SampleLockContext(Context);
    Context->References++;
    SampleUnlockContext(Context);

    Secure = MmSecureVirtualMemory(Context->UserBuffer, Context->Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    SampleLockContext(Context);
    Context->References--;
    SampleUnlockAndRelease(Context, Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleResetAfterConstantLower(PSAMPLE_CONTEXT Context)
{
    KIRQL ApcIrql, DpcIrql;
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;

    KeRaiseIrql(APC_LEVEL, &ApcIrql);
    KeRaiseIrql(DISPATCH_LEVEL, &DpcIrql);
    Context->References = 0;
    KeLowerIrql(PASSIVE_LEVEL);
    UNREFERENCED_PARAMETER(ApcIrql);
    UNREFERENCED_PARAMETER(DpcIrql);

    return ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT, PAGE_READWRITE);
}
