// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: one base protection with one allowed modifier -
// PAGE_GUARD, PAGE_NOCACHE or PAGE_WRITECOMBINE with PAGE_READWRITE, and PAGE_GUARD with
// PAGE_EXECUTE_READ on a protection change.

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
SampleAllocateStackGuard(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_GUARD);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleAllocateUncached(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_NOCACHE);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleAllocateWriteCombined(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_WRITECOMBINE);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleGuardCodePage(PVOID UserPage)
{
    PVOID Base = UserPage;
    SIZE_T RegionSize = PAGE_SIZE;
    ULONG OldProtect;

    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize,
                                  PAGE_EXECUTE_READ | PAGE_GUARD, &OldProtect);
}
