// RUN: not %drvcheck --no-source --config %S/Inputs/irql-config.yml %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: %drvcheck --no-source --no-config %s 2>&1 | FileCheck %s --check-prefix=NOCONFIG --allow-empty --implicit-check-not="{{warning|error}}:"
// NOCONFIG-NOT: [irql-too-high]
//
// irql-too-high with configuration (Inputs/irql-config.yml): `restricted-ddis` adds
// SampleCopyToCaller (APC_LEVEL), a routine of another file with no annotation, and
// `aliases` makes calls through the function pointer g_pfnSecureVirtualMemory calls of
// MmSecureVirtualMemory. Both are reported in the DPC. Without the configuration neither
// is restricted (second RUN line).

#include <ntddk.h>

typedef HANDLE (NTAPI *PFN_SECURE_VIRTUAL_MEMORY)(PVOID Address, SIZE_T Size, ULONG ProbeMode);
extern PFN_SECURE_VIRTUAL_MEMORY g_pfnSecureVirtualMemory;

NTSTATUS SampleCopyToCaller(PVOID UserBuffer, ULONG Length, const VOID *Data);

typedef struct _SAMPLE_PENDING {
    PVOID UserBuffer;
    ULONG Length;
    ULONG Value;
    HANDLE Secure;           // released by the request's completion at PASSIVE_LEVEL
    KDPC Dpc;
} SAMPLE_PENDING, *PSAMPLE_PENDING;

KDEFERRED_ROUTINE SampleDeliverDpc;

VOID
SampleDeliverDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PSAMPLE_PENDING Pending = (PSAMPLE_PENDING)DeferredContext;
    HANDLE Secure;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleDeliverDpc is a DPC routine (declared as KDEFERRED_ROUTINE); {{.*}} [irql-too-high]
    Secure = g_pfnSecureVirtualMemory(Pending->UserBuffer, Pending->Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return;
    }
    // CHECK: :[[@LINE+1]]:11: error: SampleCopyToCaller requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleDeliverDpc is a DPC routine (declared as KDEFERRED_ROUTINE); {{.*}} [irql-too-high]
    (VOID)SampleCopyToCaller(Pending->UserBuffer, Pending->Length, &Pending->Value);
    Pending->Secure = Secure;
}
