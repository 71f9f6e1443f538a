// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: not %drvcheck --format sarif %s | FileCheck %s --check-prefix=SARIF
//
// secure-balance in SARIF output - the leak of the handle is one result with ruleId
// "secure-balance", level "warning", located at the secure call (line and column of the
// callee name), and the leaking `return` as a related location. The JSON layout is not
// fixed, so only key/value pairs are matched, in any order.

#include <ntddk.h>

// SARIF-DAG: "version":{{ *}}"2.1.0"
// SARIF-DAG: "ruleId":{{ *}}"secure-balance"
// SARIF-DAG: "level":{{ *}}"warning"
// SARIF-DAG: "relatedLocations"

NTSTATUS
SampleCopyToUser(PVOID UserBuffer, SIZE_T Length, const VOID *Source, SIZE_T SourceLength)
{
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    // CHECK: :[[@LINE+4]]:20: warning: {{.*}} [secure-balance]
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+3]]{{([^0-9]|$)}}
    // SARIF-DAG: "startColumn":{{ *}}20{{([^0-9]|$)}}
    // SARIF-DAG: "startLine":{{ *}}[[#@LINE+9]]{{([^0-9]|$)}}
    SecureHandle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (SecureHandle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    if (SourceLength > Length) {
        // Leaks the handle.
        // CHECK: :[[@LINE+1]]:9: note:
        return STATUS_BUFFER_TOO_SMALL;
    }

    __try {
        RtlCopyMemory(UserBuffer, Source, SourceLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);
    return Status;
}
