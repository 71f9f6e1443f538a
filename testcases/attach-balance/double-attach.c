// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck %s 2>&1 | FileCheck %s --check-prefix=NOTE
//
// attach-balance: on a retry the routine attaches again with the same KAPC_STATE while the
// first attach is still active, overwriting the saved state the detach needs. Reported on
// the second KeStackAttachProcess; the first one is the related location.

#include <ntifs.h>

typedef struct _SAMPLE_HEADER {
    ULONG Version;
    ULONG Length;
} SAMPLE_HEADER, *PSAMPLE_HEADER;

static NTSTATUS
SampleCopyHeader(PVOID Remote, PSAMPLE_HEADER Header)
{
    __try {
        ProbeForRead(Remote, sizeof(SAMPLE_HEADER), sizeof(ULONG));
        RtlCopyMemory(Header, Remote, sizeof(SAMPLE_HEADER));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return Header->Version == 0 ? STATUS_RETRY : STATUS_SUCCESS;
}

NTSTATUS
SampleReadHeader(PEPROCESS Process, PVOID Remote, PSAMPLE_HEADER Header)
{
    KAPC_STATE ApcState;
    NTSTATUS Status;

    // NOTE: :[[@LINE+1]]:5: note: still attached from here
    KeStackAttachProcess(Process, &ApcState);
    Status = SampleCopyHeader(Remote, Header);
    if (Status == STATUS_RETRY) {
        // CHECK: :[[@LINE+1]]:9: warning: KeStackAttachProcess(..., &ApcState) attaches again while the attach at line [[#@LINE-3]] with the same state may still be active; call KeUnstackDetachProcess(&ApcState) first or use a separate KAPC_STATE [attach-balance]
        KeStackAttachProcess(Process, &ApcState);
        Status = SampleCopyHeader(Remote, Header);
    }
    KeUnstackDetachProcess(&ApcState);
    return Status;
}
