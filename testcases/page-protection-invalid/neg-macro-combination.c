// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: driver macros that combine PAGE_* constants into a
// valid protection (one base protection plus an allowed modifier, or plus
// PAGE_TARGETS_INVALID on an executable one) are evaluated and accepted.

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

#define SAMPLE_RING_PROTECTION  (PAGE_READWRITE | PAGE_WRITECOMBINE)
#define SAMPLE_GUARD_PROTECTION (PAGE_READONLY | PAGE_GUARD)
#define SAMPLE_CODE_PROTECTION  (PAGE_EXECUTE_READWRITE | PAGE_TARGETS_INVALID)

NTSTATUS
SampleAllocateRing(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, SAMPLE_RING_PROTECTION);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleAllocateCode(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, SAMPLE_CODE_PROTECTION);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleGuardTail(PVOID UserTail)
{
    PVOID Base = UserTail;
    SIZE_T RegionSize = PAGE_SIZE;
    ULONG OldProtect;

    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize,
                                  SAMPLE_GUARD_PROTECTION, &OldProtect);
}
