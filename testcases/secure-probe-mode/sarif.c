// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck --format sarif %s | FileCheck %s --check-prefix=SARIF
//
// secure-probe-mode in SARIF output - one result with ruleId "secure-probe-mode" and level
// "error" at the secure call. Only key/value pairs are matched, in any order.

#include <ntddk.h>

// SARIF-DAG: "version":{{ *}}"2.1.0"
// SARIF-DAG: "ruleId":{{ *}}"secure-probe-mode"
// SARIF-DAG: "level":{{ *}}"error"

NTSTATUS
SampleSecureCallback(PVOID UserThunk, SIZE_T Length)
{
    HANDLE SecureHandle;

    // CHECK: :[[@LINE+3]]:20: error: {{.*}} [secure-probe-mode]
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+2]]{{([^0-9]|$)}}
    // SARIF-DAG: "startColumn":{{ *}}20{{([^0-9]|$)}}
    SecureHandle = MmSecureVirtualMemory(UserThunk, Length, PAGE_EXECUTE_READ);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return STATUS_SUCCESS;
}
