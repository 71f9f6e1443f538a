// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative: unreachable code is not reported - a leftover body after an
// unconditional `return`, a branch under `if (0)`, and the path through a call that
// never returns (KeBugCheckEx) while a handle is held.

#include <ntddk.h>

#define SAMPLE_CONTEXT_SIGNATURE 0x43504D53u   // 'SMPC'
#define SAMPLE_BUGCHECK_CORRUPT_CONTEXT 0xE0000101u

typedef struct _SAMPLE_CONTEXT {
    ULONG Signature;
    ULONG Flags;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

NTSTATUS
SampleLegacyQuery(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;

    // The legacy query was retired; the old body below is dead code.
    return STATUS_NOT_SUPPORTED;

    MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(SecureHandle);
    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}

NTSTATUS
SampleDisabledFeature(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle = NULL;

    if (0) {
        SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
        if (SecureHandle == NULL) {
            return STATUS_ACCESS_VIOLATION;
        }
        return STATUS_SUCCESS;
    }

    if (0) {
        MmUnsecureVirtualMemory(SecureHandle);
    }

    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS
SampleReadWithContext(PSAMPLE_CONTEXT Context, PUCHAR UserBuffer, SIZE_T Length, PUCHAR FirstByte)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    if (Context->Signature != SAMPLE_CONTEXT_SIGNATURE) {
        // Internal corruption: this never returns, so nothing leaks here.
        KeBugCheckEx(SAMPLE_BUGCHECK_CORRUPT_CONTEXT, (ULONG_PTR)Context,
                     Context->Signature, 0, 0);
    }

    __try {
        *FirstByte = UserBuffer[0];
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
