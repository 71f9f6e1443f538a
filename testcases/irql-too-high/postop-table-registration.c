// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: minifilter post-operation callbacks may run at DISPATCH_LEVEL. These two
// are known as post-operation callbacks from the PostOperation slot of the filter's
// FLT_OPERATION_REGISTRATION table, which the message names. Calling FltLockUserBuffer
// there (seed: minifilter-postop-user-buffers) and securing the write buffer with
// MmSecureVirtualMemory are findings; FltLockUserBuffer in the pre-operation callback of
// the same table (at most APC_LEVEL) is not.

#include <fltKernel.h>

PFLT_FILTER gFilterHandle;

FLT_PREOP_CALLBACK_STATUS
SamplePreRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (!NT_SUCCESS(FltLockUserBuffer(Data))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
SamplePostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
               FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    // CHECK: :[[@LINE+1]]:14: error: FltLockUserBuffer requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SamplePostRead is a minifilter post-operation callback (registered in the FLT_OPERATION_REGISTRATION table SampleCallbacks at line [[#@LINE+35]]); defer the work with FltDoCompletionProcessingWhenSafe and lock the buffer in the safe callback [irql-too-high]
    Status = FltLockUserBuffer(Data);
    // CHECK-NEXT: :[[@LINE+33]]:38: note: SamplePostRead registered as a minifilter post-operation callback here
    if (!NT_SUCCESS(Status)) {
        Data->IoStatus.Status = Status;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
SamplePostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
                FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_PARAMETERS Params = &Data->Iopb->Parameters;
    HANDLE Secure;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (Params->Write.MdlAddress != NULL || Params->Write.Length == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    // CHECK: :[[@LINE+1]]:14: error: MmSecureVirtualMemory requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SamplePostWrite is a minifilter post-operation callback (registered in the FLT_OPERATION_REGISTRATION table SampleCallbacks at line [[#@LINE+12]]); {{.*}} [irql-too-high]
    Secure = MmSecureVirtualMemory(Params->Write.WriteBuffer, Params->Write.Length, PAGE_READONLY);
    if (Secure == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    // CHECK: :[[@LINE+1]]:5: error: MmUnsecureVirtualMemory requires IRQL <= APC_LEVEL {{.*}} [irql-too-high]
    MmUnsecureVirtualMemory(Secure);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

CONST FLT_OPERATION_REGISTRATION SampleCallbacks[] = {
    { IRP_MJ_READ, 0, SamplePreRead, SamplePostRead },
    { IRP_MJ_WRITE, 0, NULL, SamplePostWrite },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION SampleFilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SampleCallbacks,
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Status = FltRegisterFilter(DriverObject, &SampleFilterRegistration, &gFilterHandle);
    if (NT_SUCCESS(Status)) {
        Status = FltStartFiltering(gFilterHandle);
        if (!NT_SUCCESS(Status)) {
            FltUnregisterFilter(gFilterHandle);
        }
    }
    return Status;
}
