// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: a protection that is not a compile-time constant
// (a parameter, a value computed at run time) is not judged.

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
SampleAllocateWithProtection(SIZE_T Length, ULONG Protect, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, Protect);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}

NTSTATUS
SampleSetRingAccess(PVOID UserBase, SIZE_T Length, BOOLEAN Writable, BOOLEAN Uncached)
{
    PVOID Base = UserBase;
    SIZE_T RegionSize = Length;
    ULONG OldProtect;
    ULONG NewProtect;

    NewProtect = Writable ? PAGE_READWRITE : PAGE_READONLY;
    if (Uncached) {
        NewProtect |= PAGE_NOCACHE;
    }
    return ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize, NewProtect,
                                  &OldProtect);
}
