// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [attach-balance]
//
// attach-balance negative: every path from the attach detaches before returning: early
// returns detach first, every case of a switch detaches, a loop attaches and detaches in
// each iteration (also on `continue`), and two different KAPC_STATEs are nested and
// unwound in order.

#include <ntifs.h>

typedef enum _SAMPLE_OP { SampleOpRead, SampleOpWrite, SampleOpZero } SAMPLE_OP;

NTSTATUS
SampleRemoteOp(PEPROCESS Process, PVOID Remote, PVOID Local, SIZE_T Length, SAMPLE_OP Op)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length == 0) {
        return STATUS_SUCCESS;
    }
    KeStackAttachProcess(Process, &ApcState);
    if (Length > PAGE_SIZE) {
        KeUnstackDetachProcess(&ApcState);
        return STATUS_INVALID_PARAMETER;
    }
    switch (Op) {
    case SampleOpRead:
        __try {
            ProbeForRead(Remote, Length, 1);
            RtlCopyMemory(Local, Remote, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        KeUnstackDetachProcess(&ApcState);
        return Status;
    case SampleOpWrite:
        __try {
            ProbeForWrite(Remote, Length, 1);
            RtlCopyMemory(Remote, Local, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        break;
    default:
        Status = STATUS_NOT_SUPPORTED;
        break;
    }
    KeUnstackDetachProcess(&ApcState);
    return Status;
}

ULONG
SampleCountLiveFlags(PEPROCESS *Processes, volatile LONG **Flags, ULONG Count)
{
    ULONG i, Live = 0;

    for (i = 0; i < Count; i++) {
        KAPC_STATE ApcState;
        LONG Value = 0;

        KeStackAttachProcess(Processes[i], &ApcState);
        __try {
            ProbeForRead((PVOID)Flags[i], sizeof(LONG), sizeof(LONG));
            Value = *Flags[i];
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            KeUnstackDetachProcess(&ApcState);
            continue;
        }
        KeUnstackDetachProcess(&ApcState);
        if (Value != 0) {
            Live++;
        }
    }
    return Live;
}

VOID
SampleCopyBetween(PEPROCESS From, PEPROCESS To, PVOID Remote, ULONG Value)
{
    KAPC_STATE Outer, Inner;

    KeStackAttachProcess(From, &Outer);
    KeStackAttachProcess(To, &Inner);
    __try {
        ProbeForWrite(Remote, sizeof(ULONG), sizeof(ULONG));
        *(volatile ULONG *)Remote = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        NOTHING;
    }
    KeUnstackDetachProcess(&Inner);
    KeUnstackDetachProcess(&Outer);
}
