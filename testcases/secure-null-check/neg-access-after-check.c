// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: MmSecureVirtualMemoryEx, tested before the secured range
// is accessed and before the release; the failure branch touches neither.

#include <ntddk.h>

// MmSecureVirtualMemoryEx appeared in the Windows 10 1809 WDK; declare it when the
// headers in use are older.
#ifndef MM_SECURE_EXCLUSIVE
#define MM_SECURE_EXCLUSIVE      0x00000001
#define MM_SECURE_NO_CHANGE      0x00000002
#define MM_SECURE_USER_MODE_ONLY 0x00000004
#define MM_SECURE_NO_INHERIT     0x00000008
NTKERNELAPI HANDLE NTAPI MmSecureVirtualMemoryEx(PVOID Address, SIZE_T Size, ULONG ProbeMode,
                                                 ULONG Flags);
#endif

typedef struct _SAMPLE_EVENT_RECORD {
    ULONG Sequence;
    ULONG Type;
    ULONG64 Timestamp;
} SAMPLE_EVENT_RECORD, *PSAMPLE_EVENT_RECORD;

// Implemented in another source file of the driver.
BOOLEAN SampleDequeueEvent(PSAMPLE_EVENT_RECORD Record);

NTSTATUS
SampleGetNextEvent(PSAMPLE_EVENT_RECORD UserRecord, PULONG_PTR Information)
{
    SAMPLE_EVENT_RECORD Record;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    *Information = 0;
    if (!SampleDequeueEvent(&Record)) {
        return STATUS_NO_MORE_ENTRIES;
    }

    SecureHandle = MmSecureVirtualMemoryEx(UserRecord, sizeof(SAMPLE_EVENT_RECORD),
                                           PAGE_READWRITE, MM_SECURE_USER_MODE_ONLY);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
    } else {
        __try {
            *UserRecord = Record;
            *Information = sizeof(SAMPLE_EVENT_RECORD);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        MmUnsecureVirtualMemory(SecureHandle);
    }
    return Status;
}
