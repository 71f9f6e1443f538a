// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: KeAcquireInterruptSpinLock raises to the device's IRQL (DIRQL), and an
// interrupt service routine (KSERVICE_ROUTINE) runs there. Mapping an MDL with
// MmGetSystemAddressForMdlSafe (allowed up to DISPATCH_LEVEL) inside either is a
// finding; after KeReleaseInterruptSpinLock it is not.

#include <ntddk.h>

typedef struct _SAMPLE_DEVICE {
    PKINTERRUPT Interrupt;
    PMDL TransferMdl;
    ULONG LastStatus;
} SAMPLE_DEVICE, *PSAMPLE_DEVICE;

NTSTATUS
SampleCaptureStatus(PSAMPLE_DEVICE Device)
{
    KIRQL OldIrql;
    PULONG Mapped;

    OldIrql = KeAcquireInterruptSpinLock(Device->Interrupt);
    // CHECK: :[[@LINE+1]]:22: error: MmGetSystemAddressForMdlSafe requires IRQL <= DISPATCH_LEVEL but IRQL may be DIRQL here: interrupt spin lock acquired by KeAcquireInterruptSpinLock at line [[#@LINE-1]]; {{.*}} [irql-too-high]
    Mapped = (PULONG)MmGetSystemAddressForMdlSafe(Device->TransferMdl, NormalPagePriority | MdlMappingNoExecute);
    // CHECK-NEXT: :[[@LINE-3]]:15: note: interrupt spin lock acquired here (IRQL raised to DIRQL)
    if (Mapped != NULL) {
        *Mapped = Device->LastStatus;
    }
    KeReleaseInterruptSpinLock(Device->Interrupt, OldIrql);

    Mapped = (PULONG)MmGetSystemAddressForMdlSafe(Device->TransferMdl, NormalPagePriority | MdlMappingNoExecute);
    if (Mapped == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Mapped = 0;
    return STATUS_SUCCESS;
}

KSERVICE_ROUTINE SampleInterruptService;

BOOLEAN
SampleInterruptService(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
    PSAMPLE_DEVICE Device = (PSAMPLE_DEVICE)ServiceContext;
    PULONG Mapped;

    UNREFERENCED_PARAMETER(Interrupt);

    // CHECK: :[[@LINE+1]]:22: error: MmGetSystemAddressForMdlSafe requires IRQL <= DISPATCH_LEVEL but IRQL may be DIRQL here: SampleInterruptService is an interrupt service routine (declared as KSERVICE_ROUTINE); {{.*}} [irql-too-high]
    Mapped = (PULONG)MmGetSystemAddressForMdlSafe(Device->TransferMdl, HighPagePriority);
    if (Mapped == NULL) {
        return FALSE;
    }
    Device->LastStatus = *Mapped;
    return TRUE;
}
