// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [attach-balance]
//
// attach-balance negative: error paths before the attach jump past the detach (`goto
// Exit`), error paths after it jump to the label before the detach (`goto Detach`).
// Every attached path detaches; no path detaches without attaching.

#include <ntifs.h>

#define SAMPLE_TAG 'cGmS'

NTSTATUS
SampleCaptureEnvironment(PEPROCESS Process, PVOID Remote, SIZE_T Length, PVOID *Captured)
{
    KAPC_STATE ApcState;
    PVOID Copy = NULL;
    NTSTATUS Status = STATUS_SUCCESS;

    *Captured = NULL;
    if (Length == 0 || Length > 0x10000) {
        Status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }
    Copy = ExAllocatePoolWithTag(PagedPool, Length, SAMPLE_TAG);
    if (Copy == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    KeStackAttachProcess(Process, &ApcState);
    __try {
        ProbeForRead(Remote, Length, sizeof(WCHAR));
        RtlCopyMemory(Copy, Remote, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        goto Detach;
    }
    if (((PWCH)Copy)[0] == L'\0') {
        Status = STATUS_NOT_FOUND;
        goto Detach;
    }
    *Captured = Copy;
    Copy = NULL;

Detach:
    KeUnstackDetachProcess(&ApcState);
Exit:
    if (Copy != NULL) {
        ExFreePoolWithTag(Copy, SAMPLE_TAG);
    }
    return Status;
}
