// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [attach-balance]
//
// attach-balance negative: the routine attaches only when it is not already running in the
// target process and remembers that in a local flag; the detach is guarded by the same,
// unmodified flag. The paths are kept apart by the flag's value: no path detaches without
// having attached and none returns attached. A parameter flag works the same way.

#include <ntifs.h>

NTSTATUS
SampleWriteTargetFlag(PEPROCESS Target, volatile LONG *RemoteFlag, LONG Value)
{
    KAPC_STATE ApcState;
    BOOLEAN Attached = FALSE;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Target != PsGetCurrentProcess()) {
        KeStackAttachProcess(Target, &ApcState);
        Attached = TRUE;
    }
    __try {
        ProbeForWrite((PVOID)RemoteFlag, sizeof(LONG), sizeof(LONG));
        *RemoteFlag = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (Attached) {
        KeUnstackDetachProcess(&ApcState);
    }
    return Status;
}

VOID
SampleTouch(PEPROCESS Target, PVOID Remote, BOOLEAN NeedAttach)
{
    KAPC_STATE ApcState;

    if (NeedAttach)
        KeStackAttachProcess(Target, &ApcState);
    __try {
        ProbeForWrite(Remote, 1, 1);
        *(volatile UCHAR *)Remote = 0;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        NOTHING;
    }
    if (NeedAttach)
        KeUnstackDetachProcess(&ApcState);
}
