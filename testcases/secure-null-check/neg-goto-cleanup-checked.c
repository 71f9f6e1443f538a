// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [secure-null-check]
//
// secure-null-check negative: a failed secure jumps to the common exit, and the exit
// tests the handle before releasing it. Every access happens after the test.

#include <ntddk.h>

typedef struct _SAMPLE_KEY {
    ULONG Algorithm;
    ULONG KeyLength;
    UCHAR Key[64];
} SAMPLE_KEY, *PSAMPLE_KEY;

// Implemented in another source file of the driver.
NTSTATUS SampleImportKey(const SAMPLE_KEY *Key);

DRIVER_DISPATCH SampleSetKey;

NTSTATUS
SampleSetKey(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PSAMPLE_KEY UserKey = (PSAMPLE_KEY)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SAMPLE_KEY Key;
    HANDLE SecureHandle = NULL;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(SAMPLE_KEY)) {
        Status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    SecureHandle = MmSecureVirtualMemory(UserKey, sizeof(SAMPLE_KEY), PAGE_READWRITE);
    if (SecureHandle == NULL) {
        Status = STATUS_ACCESS_VIOLATION;
        goto Exit;
    }

    __try {
        RtlCopyMemory(&Key, UserKey, sizeof(SAMPLE_KEY));
        // Wipe the caller's copy of the key material.
        RtlSecureZeroMemory(UserKey->Key, sizeof(UserKey->Key));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        goto Exit;
    }

    Status = SampleImportKey(&Key);
    RtlSecureZeroMemory(&Key, sizeof(Key));

Exit:
    if (SecureHandle != NULL) {
        MmUnsecureVirtualMemory(SecureHandle);
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
