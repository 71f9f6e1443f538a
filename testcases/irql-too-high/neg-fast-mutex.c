// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: ExAcquireFastMutex raises to APC_LEVEL, where MmSecureVirtualMemory
// and ProbeForRead (limited to APC_LEVEL) are allowed. ZwAllocateVirtualMemory (PASSIVE_LEVEL
// only) is called after ExReleaseFastMutex restored the IRQL.

#include <ntifs.h>

typedef struct _SAMPLE_SESSION {
    FAST_MUTEX Mutex;
    PVOID UserBuffer;
    SIZE_T Length;
    HANDLE Secure;
    PVOID Scratch;
} SAMPLE_SESSION, *PSAMPLE_SESSION;

NTSTATUS
SampleBindSession(PSAMPLE_SESSION Session)
{
    NTSTATUS Status = STATUS_SUCCESS;
    HANDLE Secure;
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;

    ExAcquireFastMutex(&Session->Mutex);
    __try {
        ProbeForRead(Session->UserBuffer, Session->Length, 1);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (NT_SUCCESS(Status)) {
        Secure = MmSecureVirtualMemory(Session->UserBuffer, Session->Length, PAGE_READONLY);
        if (Secure == NULL) {
            Status = STATUS_ACCESS_VIOLATION;
        } else {
            Session->Secure = Secure;
        }
    }
    ExReleaseFastMutex(&Session->Mutex);

    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT | MEM_RESERVE,
                                     PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        Session->Scratch = Base;
    }
    return Status;
}
