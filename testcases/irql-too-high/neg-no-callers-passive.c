// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: a function with no role, no annotation and no caller in this
// translation unit (it is exported to another file of the driver) is assumed to run at
// PASSIVE_LEVEL, where ZwAllocateVirtualMemory and ZwProtectVirtualMemory are allowed.

#include <ntifs.h>

NTSYSAPI NTSTATUS NTAPI ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                               PSIZE_T RegionSize, ULONG NewProtect, PULONG OldProtect);

NTSTATUS
SampleAllocateSharedPage(PVOID *BaseOut)
{
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;
    ULONG OldProtect;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT | MEM_RESERVE,
                                     PAGE_READWRITE);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Status = ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &Size, PAGE_READONLY, &OldProtect);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    *BaseOut = Base;
    return STATUS_SUCCESS;
}
