// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// attach-balance: the attach and the detach are both inside the __try body. When the copy
// raises, control goes to the __except handler with the thread still attached, and the
// handler returns. Reported on the KeStackAttachProcess call. Also: KeAttachProcess left
// attached on an early return.

#include <ntifs.h>

NTSTATUS
SampleCopyFromProcess(PEPROCESS Process, PVOID Remote, PVOID Local, SIZE_T Length)
{
    KAPC_STATE ApcState;

    __try {
        // CHECK: :[[@LINE+1]]:9: warning: KeStackAttachProcess(..., &ApcState) is still attached {{.*}} [attach-balance]
        KeStackAttachProcess(Process, &ApcState);
        ProbeForRead(Remote, Length, 1);
        RtlCopyMemory(Local, Remote, Length);
        KeUnstackDetachProcess(&ApcState);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS
SampleTouchProcess(PEPROCESS Process, volatile LONG *RemoteFlag, BOOLEAN Enabled)
{
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:5: warning: KeAttachProcess(...) is still attached on the path that leaves the function at line [[#@LINE+3]]; call KeDetachProcess() on that path before returning [attach-balance]
    KeAttachProcess(Process);
    if (!Enabled) {
        return STATUS_NOT_SUPPORTED;
    }
    __try {
        ProbeForWrite((PVOID)RemoteFlag, sizeof(LONG), sizeof(LONG));
        *RemoteFlag = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    KeDetachProcess();
    return Status;
}
