// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// attach-balance: the routine attaches to a target process to capture a block of its
// memory, and a validation failure returns while still attached: the thread goes back to
// its caller in the other process's address space. Reported on the KeStackAttachProcess
// call; the `return` that leaves attached is the related location (NOTE prefix, since the
// note comes after the finding's line).

#include <ntifs.h>

#define SAMPLE_MAGIC 0x4B4C4D53

typedef struct _SAMPLE_SNAPSHOT {
    ULONG Magic;
    ULONG Length;
    UCHAR Data[120];
} SAMPLE_SNAPSHOT, *PSAMPLE_SNAPSHOT;

NTSTATUS
SampleCaptureSnapshot(PEPROCESS Process, PVOID RemoteAddress, PSAMPLE_SNAPSHOT Snapshot)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:5: warning: KeStackAttachProcess(..., &ApcState) is still attached on the path that leaves the function at line [[#@LINE+11]]; call KeUnstackDetachProcess(&ApcState) on that path before returning [attach-balance]
    KeStackAttachProcess(Process, &ApcState);
    __try {
        ProbeForRead(RemoteAddress, sizeof(SAMPLE_SNAPSHOT), sizeof(ULONG));
        RtlCopyMemory(Snapshot, RemoteAddress, sizeof(SAMPLE_SNAPSHOT));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (NT_SUCCESS(Status) && Snapshot->Magic != SAMPLE_MAGIC) {
        // NOTE: :[[@LINE+1]]:9: note: the function returns here while attached to the other process
        return STATUS_INVALID_IMAGE_FORMAT;
    }

    KeUnstackDetachProcess(&ApcState);
    return Status;
}
