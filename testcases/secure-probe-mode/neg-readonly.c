// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-probe-mode]
//
// secure-probe-mode negative: PAGE_READONLY is a valid ProbeMode.

#include <ntddk.h>

typedef struct _SAMPLE_SETTINGS {
    ULONG Mode;
    ULONG Timeout;
} SAMPLE_SETTINGS, *PSAMPLE_SETTINGS;

NTSTATUS
SampleReadSettings(PSAMPLE_SETTINGS UserSettings, PSAMPLE_SETTINGS Settings)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    SecureHandle = MmSecureVirtualMemory(UserSettings, sizeof(SAMPLE_SETTINGS), PAGE_READONLY);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        *Settings = *UserSettings;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
