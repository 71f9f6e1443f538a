// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// page-protection-invalid: a protection must contain exactly one base protection
// (PAGE_NOACCESS ... PAGE_EXECUTE_WRITECOPY). Two of them (PAGE_READONLY |
// PAGE_READWRITE) and none at all (PAGE_NOCACHE alone) are errors, reported on the call
// (callee name).

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
SampleAllocateSharedArea(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    // CHECK: :[[@LINE+1]]:14: error: {{.*}} [page-protection-invalid]
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READONLY | PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleMakeUncached(PVOID UserBase, SIZE_T Length)
{
    PVOID Base = UserBase;
    SIZE_T RegionSize = Length;
    ULONG OldProtect;

    // CHECK: :[[@LINE+1]]:12: error: {{.*}} [page-protection-invalid]
    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize, PAGE_NOCACHE,
                                  &OldProtect);
}
