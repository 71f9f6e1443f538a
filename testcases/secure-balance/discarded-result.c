// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: the handle returned by MmSecureVirtualMemory is never stored, so the
// range can never be unsecured: a plain expression statement, a `(VOID)` cast, and a
// result that is only compared against NULL (secure used as a "probe"). Each is
// reported on its secure call. (secure-null-check does not judge a discarded result.)

#include <ntddk.h>

typedef struct _SAMPLE_HEADER {
    ULONG Signature;
    ULONG Size;
    ULONG Flags;
} SAMPLE_HEADER, *PSAMPLE_HEADER;

NTSTATUS
SampleCaptureHeader(PVOID UserBuffer, ULONG Length, PSAMPLE_HEADER Header)
{
    if (Length < sizeof(SAMPLE_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmSecureVirtualMemory(UserBuffer, sizeof(SAMPLE_HEADER), PAGE_READONLY);

    __try {
        RtlCopyMemory(Header, UserBuffer, sizeof(SAMPLE_HEADER));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS
SampleClearReply(PVOID UserReply, ULONG Length)
{
    // CHECK: :[[@LINE+1]]:11: warning: {{.*}} [secure-balance]
    (VOID)MmSecureVirtualMemory(UserReply, Length, PAGE_READWRITE);

    __try {
        RtlZeroMemory(UserReply, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS
SampleIsRangeWritable(PVOID UserBuffer, SIZE_T Length)
{
    // Only the NULL test uses the result: a successful secure is never released.
    // CHECK: :[[@LINE+1]]:9: warning: {{.*}} [secure-balance]
    if (MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE) == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}
