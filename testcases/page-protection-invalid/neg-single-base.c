// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: exactly one base protection, alone - PAGE_READWRITE
// and PAGE_EXECUTE_READWRITE for allocations, PAGE_NOACCESS for a reservation,
// PAGE_READONLY and PAGE_EXECUTE_READ for protection changes.

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
SampleAllocateRing(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleReserveArena(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize, MEM_RESERVE,
                                     PAGE_NOACCESS);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleAllocateThunk(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleSealRing(PVOID UserBase, SIZE_T Length)
{
    PVOID Base = UserBase;
    SIZE_T RegionSize = Length;
    ULONG OldProtect;

    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize, PAGE_READONLY,
                                  &OldProtect);
}

NTSTATUS
SampleSealThunk(PVOID UserBase, SIZE_T Length)
{
    PVOID Base = UserBase;
    SIZE_T RegionSize = Length;
    ULONG OldProtect;

    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize, PAGE_EXECUTE_READ,
                                  &OldProtect);
}
