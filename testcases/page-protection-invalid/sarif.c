// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck --format sarif %s | FileCheck %s --check-prefix=SARIF
//
// page-protection-invalid in SARIF output - one result with ruleId "page-protection-invalid" and
// level "error" at the ZwAllocateVirtualMemory call. Only key/value pairs are matched,
// in any order.

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

// SARIF-DAG: "version":{{ *}}"2.1.0"
// SARIF-DAG: "ruleId":{{ *}}"page-protection-invalid"
// SARIF-DAG: "level":{{ *}}"error"

NTSTATUS
SampleAllocateGuardedRing(SIZE_T Length, PVOID *UserBase)
{
    PVOID Base = NULL;
    SIZE_T RegionSize = Length;
    NTSTATUS Status;

    // CHECK: :[[@LINE+3]]:14: error: {{.*}} [page-protection-invalid]
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+2]]{{([^0-9]|$)}}
    // SARIF-DAG: "startColumn":{{ *}}14{{([^0-9]|$)}}
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &RegionSize,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS | PAGE_GUARD);
    if (NT_SUCCESS(Status)) {
        *UserBase = Base;
    }
    return Status;
}
