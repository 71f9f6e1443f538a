// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: the access and the release are inside the branch where
// the handle was found non-NULL - `if (Handle)`, `if (Handle != NULL)` and
// `if (NULL != Handle)`.

#include <ntddk.h>

typedef struct _SAMPLE_STATS {
    ULONG64 Packets;
    ULONG64 Drops;
} SAMPLE_STATS, *PSAMPLE_STATS;

extern SAMPLE_STATS g_SampleStats;

NTSTATUS
SampleCopyStats(PSAMPLE_STATS UserStats)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_ACCESS_VIOLATION;

    SecureHandle = MmSecureVirtualMemory(UserStats, sizeof(SAMPLE_STATS), PAGE_READWRITE);
    if (SecureHandle) {
        __try {
            RtlCopyMemory(UserStats, &g_SampleStats, sizeof(SAMPLE_STATS));
            Status = STATUS_SUCCESS;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return Status;
}

NTSTATUS
SampleResetStats(PSAMPLE_STATS UserStats)
{
    HANDLE SecureHandle;
    NTSTATUS Status;

    SecureHandle = MmSecureVirtualMemory(UserStats, sizeof(SAMPLE_STATS), PAGE_READWRITE);
    if (SecureHandle != NULL) {
        __try {
            UserStats->Packets = 0;
            UserStats->Drops = 0;
            Status = STATUS_SUCCESS;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
    } else {
        Status = STATUS_ACCESS_VIOLATION;
    }
    return Status;
}

NTSTATUS
SampleAddStats(PSAMPLE_STATS UserStats, const SAMPLE_STATS *Delta)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_ACCESS_VIOLATION;

    SecureHandle = MmSecureVirtualMemory(UserStats, sizeof(SAMPLE_STATS), PAGE_READWRITE);
    if (NULL != SecureHandle) {
        __try {
            UserStats->Packets += Delta->Packets;
            UserStats->Drops += Delta->Drops;
            Status = STATUS_SUCCESS;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return Status;
}
