// RUN: %drvcheck --enable secure-not-recommended --format sarif %s | FileCheck %s --check-prefix=SARIF
// RUN: %drvcheck --format sarif %s | FileCheck %s --check-prefix=OFF
//
// secure-not-recommended in SARIF output - when enabled, the rule is listed in
// tool.driver.rules and the call gets one result with ruleId "secure-not-recommended"
// and level "note" (exit status 0: notes alone do not fail). When the rule is not
// enabled, no result carries its id.

#include <ntddk.h>

// SARIF-DAG: "version":{{ *}}"2.1.0"
// SARIF-DAG: "ruleId":{{ *}}"secure-not-recommended"
// SARIF-DAG: "level":{{ *}}"note"
// OFF-NOT: "ruleId":{{ *}}"secure-not-recommended"

NTSTATUS
SampleZeroUserBuffer(PVOID UserBuffer, SIZE_T Length)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+2]]{{([^0-9]|$)}}
    // SARIF-DAG: "startColumn":{{ *}}20{{([^0-9]|$)}}
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlZeroMemory(UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
