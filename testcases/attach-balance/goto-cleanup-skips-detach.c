// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// attach-balance: the routine attaches, and one error path jumps to the label after the
// detach (`goto Exit`) instead of the one before it (`goto Detach`): that path returns
// attached. Reported on the KeStackAttachProcess call.

#include <ntifs.h>

#define SAMPLE_TAG 'rPmS'

NTSTATUS
SampleReadRemoteString(PEPROCESS Process, PUNICODE_STRING Remote, PUNICODE_STRING Local)
{
    KAPC_STATE ApcState;
    UNICODE_STRING Captured;
    NTSTATUS Status = STATUS_SUCCESS;

    Local->Buffer = NULL;
    Local->Length = Local->MaximumLength = 0;

    // CHECK: :[[@LINE+1]]:5: warning: KeStackAttachProcess(..., &ApcState) is still attached {{.*}} [attach-balance]
    KeStackAttachProcess(Process, &ApcState);

    __try {
        ProbeForRead(Remote, sizeof(UNICODE_STRING), sizeof(ULONG));
        Captured = *Remote;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        goto Detach;
    }
    if (Captured.Length == 0 || Captured.Length > 512) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit; /* skips the detach */
    }

    Local->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, Captured.Length, SAMPLE_TAG);
    if (Local->Buffer == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Detach;
    }
    __try {
        ProbeForRead(Captured.Buffer, Captured.Length, sizeof(WCHAR));
        RtlCopyMemory(Local->Buffer, Captured.Buffer, Captured.Length);
        Local->Length = Local->MaximumLength = Captured.Length;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

Detach:
    KeUnstackDetachProcess(&ApcState);
Exit:
    return Status;
}
