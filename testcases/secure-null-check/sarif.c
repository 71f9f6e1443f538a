// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck --format sarif %s | FileCheck %s --check-prefix=SARIF
//
// secure-null-check in SARIF output - one result with ruleId "secure-null-check", level
// "warning", located at the secure call, with the unchecked release as a related
// location. Only key/value pairs are matched, in any order.

#include <ntddk.h>

// SARIF-DAG: "version":{{ *}}"2.1.0"
// SARIF-DAG: "ruleId":{{ *}}"secure-null-check"
// SARIF-DAG: "level":{{ *}}"warning"
// SARIF-DAG: "relatedLocations"

// Implemented in another source file of the driver.
NTSTATUS SampleSubmitUserRing(PVOID Ring, SIZE_T Length);

NTSTATUS
SampleKickRing(PVOID UserRing, SIZE_T Length)
{
    HANDLE SecureHandle;
    NTSTATUS Status;

    // CHECK: :[[@LINE+4]]:20: warning: {{.*}} [secure-null-check]
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+3]]{{([^0-9]|$)}}
    // SARIF-DAG: "startColumn":{{ *}}20{{([^0-9]|$)}}
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+5]]{{([^0-9]|$)}}
    SecureHandle = MmSecureVirtualMemory(UserRing, Length, PAGE_READWRITE);
    Status = SampleSubmitUserRing(UserRing, Length);

    // CHECK: :[[@LINE+1]]:5: note:
    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
