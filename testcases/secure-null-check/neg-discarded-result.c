// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-null-check negative: a discarded result is not judged by this rule, even though
// the secured range is accessed afterwards. The discarded handle is secure-balance's
// finding (the only one expected here).

#include <ntddk.h>

typedef struct _SAMPLE_HEADER {
    ULONG Signature;
    ULONG Size;
} SAMPLE_HEADER, *PSAMPLE_HEADER;

NTSTATUS
SampleCaptureHeader(PSAMPLE_HEADER UserHeader, PSAMPLE_HEADER Header)
{
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}} [secure-balance]
    MmSecureVirtualMemory(UserHeader, sizeof(SAMPLE_HEADER), PAGE_READONLY);

    __try {
        RtlCopyMemory(Header, UserHeader, sizeof(SAMPLE_HEADER));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
