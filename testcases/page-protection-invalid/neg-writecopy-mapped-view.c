// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [page-protection-invalid]
//
// page-protection-invalid negative: PAGE_WRITECOPY is forbidden only for private
// allocations. Changing a mapped view of a section to copy-on-write with
// ZwProtectVirtualMemory is fine.

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
SampleMakeViewCopyOnWrite(HANDLE SectionHandle, PVOID *UserView, PSIZE_T ViewSize)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = 0;
    ULONG OldProtect;
    NTSTATUS Status;

    Status = ZwMapViewOfSection(SectionHandle, ZwCurrentProcess(), &Base, 0, 0, NULL,
                                &RegionSize, ViewUnmap, 0, PAGE_READONLY);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }

    Status = ZwProtectVirtualMemory(ZwCurrentProcess(), &Base, &RegionSize, PAGE_WRITECOPY,
                                    &OldProtect);
    if (!NT_SUCCESS(Status)) {
        ZwUnmapViewOfSection(ZwCurrentProcess(), Base);
        return Status;
    }

    *UserView = Base;
    *ViewSize = RegionSize;
    return STATUS_SUCCESS;
}
