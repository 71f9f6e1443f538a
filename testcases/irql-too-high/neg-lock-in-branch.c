// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: the spin lock is taken in one branch and released in the same
// branch, or taken and released under the same unmodified flag in two separate `if`s; the
// restricted call after the branches runs at the caller's IRQL on every path.

#include <ntddk.h>

typedef struct _SAMPLE_TABLE {
    KSPIN_LOCK Lock;
    ULONG Entries;
    PVOID UserBuffer;
    ULONG Length;
} SAMPLE_TABLE, *PSAMPLE_TABLE;

NTSTATUS
SampleRefresh(PSAMPLE_TABLE Table, BOOLEAN Shared)
{
    KIRQL OldIrql;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Shared) {
        KeAcquireSpinLock(&Table->Lock, &OldIrql);
        Table->Entries = 0;
        KeReleaseSpinLock(&Table->Lock, OldIrql);
    } else {
        Table->Entries = 0;
    }

    __try {
        ProbeForRead(Table->UserBuffer, Table->Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

NTSTATUS
SampleRefreshFlagged(PSAMPLE_TABLE Table, BOOLEAN Shared)
{
    KIRQL OldIrql = PASSIVE_LEVEL;
    HANDLE Secure;

    if (Shared) {
        KeAcquireSpinLock(&Table->Lock, &OldIrql);
    }
    Table->Entries++;
    if (Shared) {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
    }

    Secure = MmSecureVirtualMemory(Table->UserBuffer, Table->Length, PAGE_READONLY);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
