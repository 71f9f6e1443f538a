// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: PAGE_TARGETS_INVALID on an executable private
// allocation, and PAGE_TARGETS_NO_UPDATE when changing a region to an executable
// protection, are both allowed.

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
SampleAllocateJitCode(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE,
                                     PAGE_EXECUTE_READ | PAGE_TARGETS_INVALID);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleCommitJitCode(PVOID UserBase, SIZE_T Length)
{
    PVOID Base = UserBase;
    SIZE_T RegionSize = Length;
    ULONG OldProtect;

    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize,
                                  PAGE_EXECUTE_READ | PAGE_TARGETS_NO_UPDATE, &OldProtect);
}
