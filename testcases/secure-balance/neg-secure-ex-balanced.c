// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-balance]
//
// secure-balance negative with MmSecureVirtualMemoryEx: the handle is checked, and
// released once on the error path and once on the success path.

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

typedef struct _SAMPLE_TABLE {
    ULONG EntryCount;
    ULONG Entries[64];
} SAMPLE_TABLE, *PSAMPLE_TABLE;

// Implemented in another source file of the driver.
NTSTATUS SampleLoadTable(const SAMPLE_TABLE *Table);

NTSTATUS
SampleImportTable(PSAMPLE_TABLE UserTable, SIZE_T Length)
{
    SAMPLE_TABLE Table;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length < sizeof(SAMPLE_TABLE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    // The table must not change protection while the driver reads it.
    SecureHandle = MmSecureVirtualMemoryEx(UserTable, sizeof(SAMPLE_TABLE), PAGE_READONLY,
                                           MM_SECURE_EXCLUSIVE | MM_SECURE_NO_CHANGE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(&Table, UserTable, sizeof(SAMPLE_TABLE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    if (!NT_SUCCESS(Status) || Table.EntryCount > RTL_NUMBER_OF(Table.Entries)) {
        MmUnsecureVirtualMemory(SecureHandle);
        return NT_SUCCESS(Status) ? STATUS_INVALID_PARAMETER : Status;
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return SampleLoadTable(&Table);
}

NTSTATUS
SampleClearTable(PSAMPLE_TABLE UserTable)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    SecureHandle = MmSecureVirtualMemoryEx(UserTable, sizeof(SAMPLE_TABLE), PAGE_READWRITE,
                                           MM_SECURE_USER_MODE_ONLY);
    if (!SecureHandle) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlZeroMemory(UserTable, sizeof(SAMPLE_TABLE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
