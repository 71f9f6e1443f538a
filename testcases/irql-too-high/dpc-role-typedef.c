// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: a DPC routine declared with the KDEFERRED_ROUTINE role typedef runs at
// DISPATCH_LEVEL. Probing the caller's buffer there (ProbeForRead requires
// IRQL <= APC_LEVEL) is a finding; the role is named in the message and is the note.

#include <ntddk.h>

typedef struct _SAMPLE_REQUEST {
    PVOID UserBuffer;
    ULONG Length;
    ULONG Checksum;
    NTSTATUS Status;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

KDEFERRED_ROUTINE SampleChecksumDpc;

VOID
SampleChecksumDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2)
{
    PSAMPLE_REQUEST Request = (PSAMPLE_REQUEST)DeferredContext;
    PULONG Words;
    ULONG Sum = 0;
    ULONG i;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    __try {
        // CHECK: :[[@LINE+1]]:9: error: ProbeForRead requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SampleChecksumDpc is a DPC routine (declared as KDEFERRED_ROUTINE); move the call to code that runs at a lower IRQL {{.*}} [irql-too-high]
        ProbeForRead(Request->UserBuffer, Request->Length, sizeof(ULONG));
        // CHECK-NEXT: :[[@LINE-18]]:1: note: SampleChecksumDpc is declared as KDEFERRED_ROUTINE, a DPC routine
        Words = (PULONG)Request->UserBuffer;
        for (i = 0; i < Request->Length / sizeof(ULONG); i++) {
            Sum += Words[i];
        }
        Request->Status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Request->Status = GetExceptionCode();
    }
    Request->Checksum = Sum;
}
