// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance: a VOID routine secures the caller's buffer and falls off the end
// without releasing it. The related location is the function's closing brace.

#include <ntddk.h>

typedef struct _SAMPLE_STATE {
    ULONG Generation;
    ULONG Flags;
    ULONG64 Timestamp;
} SAMPLE_STATE, *PSAMPLE_STATE;

typedef struct _SAMPLE_CAPTURE {
    NTSTATUS Status;
    SAMPLE_STATE State;
} SAMPLE_CAPTURE, *PSAMPLE_CAPTURE;

VOID
SampleCaptureUserState(PSAMPLE_CAPTURE Capture, PVOID UserState, SIZE_T Length)
{
    HANDLE SecureHandle;

    if (Length < sizeof(SAMPLE_STATE)) {
        Capture->Status = STATUS_BUFFER_TOO_SMALL;
        return;
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemory(UserState, sizeof(SAMPLE_STATE), PAGE_READONLY);
    if (SecureHandle == NULL) {
        Capture->Status = STATUS_ACCESS_VIOLATION;
        return;
    }

    __try {
        RtlCopyMemory(&Capture->State, UserState, sizeof(SAMPLE_STATE));
        Capture->Status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Capture->Status = GetExceptionCode();
    }
// CHECK: :[[@LINE+1]]:1: note:
}
