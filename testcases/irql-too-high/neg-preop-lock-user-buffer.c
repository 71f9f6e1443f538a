// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: minifilter pre-operation callbacks run at IRQL <= APC_LEVEL, so
// FltLockUserBuffer (limited to APC_LEVEL) may be called there: one callback registered in
// the PreOperation slot of the FLT_OPERATION_REGISTRATION table, one declared with the
// FLT_PRE_OPERATION_CALLBACK role typedef.

#include <fltKernel.h>

FLT_PRE_OPERATION_CALLBACK SamplePreQueryInformation;

FLT_PREOP_CALLBACK_STATUS
SamplePreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (Data->Iopb->Parameters.Write.Length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    Status = FltLockUserBuffer(Data);
    if (!NT_SUCCESS(Status)) {
        Data->IoStatus.Status = Status;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS
SamplePreQueryInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (!NT_SUCCESS(FltLockUserBuffer(Data))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_OPERATION_REGISTRATION SampleCallbacks[] = {
    { IRP_MJ_WRITE, 0, SamplePreWrite, NULL },
    { IRP_MJ_QUERY_INFORMATION, 0, SamplePreQueryInformation, NULL },
    { IRP_MJ_OPERATION_END }
};
