// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-probe-mode]
//
// secure-probe-mode negative: PAGE_READWRITE is a valid ProbeMode.

#include <ntddk.h>

typedef struct _SAMPLE_SETTINGS {
    ULONG Mode;
    ULONG Timeout;
} SAMPLE_SETTINGS, *PSAMPLE_SETTINGS;

NTSTATUS
SampleWriteSettings(PSAMPLE_SETTINGS UserSettings, const SAMPLE_SETTINGS *Settings)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    SecureHandle = MmSecureVirtualMemory(UserSettings, sizeof(SAMPLE_SETTINGS), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        *UserSettings = *Settings;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
