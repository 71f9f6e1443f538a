// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-probe-mode: PAGE_NOACCESS is not a valid ProbeMode (the driver meant "keep the
// user from revoking access", which is what PAGE_READONLY does). Reported on the secure
// call, with severity error.

#include <ntddk.h>

typedef struct _SAMPLE_SNAPSHOT {
    ULONG Generation;
    ULONG Count;
    ULONG Values[30];
} SAMPLE_SNAPSHOT, *PSAMPLE_SNAPSHOT;

NTSTATUS
SampleReadSnapshot(PSAMPLE_SNAPSHOT UserSnapshot, PSAMPLE_SNAPSHOT Snapshot)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+1]]:20: error: {{.*}} [secure-probe-mode]
    SecureHandle = MmSecureVirtualMemory(UserSnapshot, sizeof(SAMPLE_SNAPSHOT), PAGE_NOACCESS);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(Snapshot, UserSnapshot, sizeof(SAMPLE_SNAPSHOT));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
