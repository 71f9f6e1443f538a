// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: ProbeMode must be PAGE_READWRITE or PAGE_READONLY;
// PAGE_EXECUTE_READWRITE is an error, reported on the secure call. The handle itself is
// tested and released correctly, so no other rule fires.

#include <ntddk.h>

NTSTATUS
SamplePatchUserCode(PVOID UserCode, SIZE_T Length, const UCHAR *Patch, SIZE_T PatchLength)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (PatchLength > Length) {
        return STATUS_INVALID_PARAMETER;
    }

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemory(UserCode, Length, PAGE_EXECUTE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(UserCode, Patch, PatchLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
