// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// secure-balance with MmSecureVirtualMemoryEx: the caller check fails after the range
// was secured, and the early `return` leaks the handle (related location).

#include <ntddk.h>

// MmSecureVirtualMemoryEx appeared in the Windows 10 1809 WDK; declare it when the
// headers in use are older.
#ifndef MM_SECURE_EXCLUSIVE
#define MM_SECURE_EXCLUSIVE      0x00000001
#define MM_SECURE_NO_CHANGE      0x00000002
#define MM_SECURE_USER_MODE_ONLY 0x00000004
#define MM_SECURE_NO_INHERIT     0x00000008
NTKERNELAPI HANDLE NTAPI MmSecureVirtualMemoryEx(PVOID Address, SIZE_T Size, ULONG ProbeMode,
                                                 ULONG Flags);
#endif

typedef struct _SAMPLE_POLICY {
    ULONG Version;
    ULONG RuleCount;
    ULONG Rules[32];
} SAMPLE_POLICY, *PSAMPLE_POLICY;

// Implemented in another source file of the driver.
NTSTATUS SampleCheckCallerPrivilege(PIRP Irp);
NTSTATUS SampleApplyPolicy(const SAMPLE_POLICY *Policy);

static NTSTATUS
SampleCompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH SampleSetPolicy;

NTSTATUS
SampleSetPolicy(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_POLICY UserPolicy = (PSAMPLE_POLICY)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_POLICY Policy;
    HANDLE SecureHandle;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_POLICY)) {
        return SampleCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    // CHECK: :[[@LINE+1]]:20: warning: {{.*}} [secure-balance]
    SecureHandle = MmSecureVirtualMemoryEx(UserPolicy, sizeof(SAMPLE_POLICY), PAGE_READONLY,
                                           MM_SECURE_NO_CHANGE);
    if (SecureHandle == NULL) {
        return SampleCompleteRequest(Irp, STATUS_ACCESS_VIOLATION, 0);
    }

    Status = SampleCheckCallerPrivilege(Irp);
    if (!NT_SUCCESS(Status)) {
        // CHECK: :[[@LINE+1]]:9: note:
        return SampleCompleteRequest(Irp, Status, 0);
    }

    __try {
        RtlCopyMemory(&Policy, UserPolicy, sizeof(SAMPLE_POLICY));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }

    MmUnsecureVirtualMemory(SecureHandle);

    if (NT_SUCCESS(Status)) {
        Status = SampleApplyPolicy(&Policy);
    }
    return SampleCompleteRequest(Irp, Status, 0);
}
