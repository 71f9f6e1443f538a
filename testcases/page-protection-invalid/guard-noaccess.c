// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// page-protection-invalid: PAGE_GUARD cannot be combined with PAGE_NOACCESS. Reported
// on the ZwProtectVirtualMemory call, severity error.

#include <ntifs.h>

// ZwProtectVirtualMemory is exported by ntoskrnl but missing from some kernel header
// sets; this is the WDK prototype.
NTSYSAPI NTSTATUS NTAPI ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                               PSIZE_T RegionSize, ULONG NewProtect,
                                               PULONG OldProtect);

#ifndef PAGE_TARGETS_INVALID
#define PAGE_TARGETS_INVALID   0x40000000
#define PAGE_TARGETS_NO_UPDATE 0x40000000
#endif

NTSTATUS
SampleArmGuardPage(PVOID UserPage)
{
    PVOID Base = UserPage;
    SIZE_T RegionSize = PAGE_SIZE;
    ULONG OldProtect;
    NTSTATUS Status;

    // CHECK: :[[@LINE+1]]:14: error: {{.*}} [page-protection-invalid]
    Status = ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize,
                                    PAGE_NOACCESS | PAGE_GUARD, &OldProtect);
    return Status;
}
