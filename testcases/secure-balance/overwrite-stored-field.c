// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the handle is stored in the file context (an escape - someone else
// releases it later), but when the caller asks for extra room the same function secures
// the larger range and overwrites the field while it still holds the handle this
// function secured. The first handle is lost: reported on the FIRST secure call.

#include <ntddk.h>

typedef struct _SAMPLE_FILE_CONTEXT {
    PEPROCESS OwnerProcess;
    PVOID Ring;
    SIZE_T RingLength;
    HANDLE RingSecureHandle;
} SAMPLE_FILE_CONTEXT, *PSAMPLE_FILE_CONTEXT;

NTSTATUS
SampleAttachRing(PSAMPLE_FILE_CONTEXT Context, PVOID Ring, SIZE_T Length, SIZE_T ExtraLength)
{
    if (Context->RingSecureHandle != NULL) {
        return STATUS_DEVICE_BUSY;
    }

    // CHECK: :[[@LINE+1]]:33: warning: {{.*}} [secure-balance]
    Context->RingSecureHandle = MmSecureVirtualMemory(Ring, Length, PAGE_READWRITE);
    if (Context->RingSecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    if (ExtraLength != 0) {
        // Grows the pinned range, but the handle held in the field is overwritten
        // instead of being released first.
        Context->RingSecureHandle = MmSecureVirtualMemory(Ring, Length + ExtraLength, PAGE_READWRITE);
        if (Context->RingSecureHandle == NULL) {
            return STATUS_ACCESS_VIOLATION;
        }
        Length += ExtraLength;
    }

    Context->Ring = Ring;
    Context->RingLength = Length;
    Context->OwnerProcess = PsGetCurrentProcess();
    ObReferenceObject(Context->OwnerProcess);
    return STATUS_SUCCESS;
}
