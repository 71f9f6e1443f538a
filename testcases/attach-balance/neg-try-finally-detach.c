// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [attach-balance]
//
// attach-balance negative: the detach sits in a __finally block, which every path out of
// the __try runs: the normal end of the body, `return` inside the body, `__leave`, and an
// exception unwinding to the caller's handler.

#include <ntifs.h>

typedef struct _SAMPLE_RECORD {
    ULONG Tag;
    ULONG Size;
    UCHAR Payload[56];
} SAMPLE_RECORD, *PSAMPLE_RECORD;

NTSTATUS
SampleFetchRecord(PEPROCESS Process, PSAMPLE_RECORD Remote, PSAMPLE_RECORD Record)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;

    KeStackAttachProcess(Process, &ApcState);
    __try {
        __try {
            ProbeForRead(Remote, sizeof(SAMPLE_RECORD), sizeof(ULONG));
            RtlCopyMemory(Record, Remote, sizeof(SAMPLE_RECORD));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        if (Record->Size > sizeof(Record->Payload)) {
            Status = STATUS_INVALID_PARAMETER;
            __leave;
        }
        if (Record->Tag == 0) {
            return STATUS_NOT_FOUND;
        }
    } __finally {
        KeUnstackDetachProcess(&ApcState);
    }
    return Status;
}
