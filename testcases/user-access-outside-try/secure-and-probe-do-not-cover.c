// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try: probing the buffer inside __try and then copying after the
// handler, or securing it with MmSecureVirtualMemory, does not make later accesses safe
// (the pages can still be invalid, or the page-file read can fail). A pointer passed to
// ProbeForRead or MmSecureVirtualMemory is a user pointer in the whole function, even a
// parameter of unknown origin. The handle is balanced and NULL-checked.

#include <ntddk.h>

typedef struct _SAMPLE_CONFIG {
    ULONG Flags;
    ULONG Timeout;
    WCHAR Tag[8];
} SAMPLE_CONFIG, *PSAMPLE_CONFIG;

static SAMPLE_CONFIG g_Config;

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
SampleApplyConfig(PSAMPLE_CONFIG UserConfig, ULONG Length)
{
    HANDLE Secure;

    if (Length < sizeof(SAMPLE_CONFIG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(UserConfig, sizeof(SAMPLE_CONFIG), TYPE_ALIGNMENT(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    /* Probed, but the copy is outside the handler. */
    // CHECK: :[[@LINE+2]]:5: warning: 'UserConfig' points into user memory ('UserConfig' is passed to ProbeForRead at line 29) and is accessed by memcpy outside __try/__except; {{.*}} [user-access-outside-try]
    // CHECK: :29:9: note: the user pointer comes from here
    RtlCopyMemory(&g_Config, UserConfig, sizeof(SAMPLE_CONFIG));

    Secure = MmSecureVirtualMemory(UserConfig, sizeof(SAMPLE_CONFIG), PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    /* Secured, and still outside __try/__except. */
    // CHECK: :[[@LINE+1]]:5: warning: 'UserConfig' points into user memory {{.*}} [user-access-outside-try]
    UserConfig->Timeout = g_Config.Timeout;
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
