// RUN: not %drvcheck --no-source %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// irql-too-high: a minifilter post-operation callback whose registration table lives in
// another source file. It is still recognised as a post-operation callback (at up to
// DISPATCH_LEVEL) by its FLT_POSTOP_CALLBACK_STATUS return type, so locking the user
// buffer in it is a finding.

#include <fltKernel.h>

typedef struct _SAMPLE_STREAM_CONTEXT {
    ULONG BytesSeen;
} SAMPLE_STREAM_CONTEXT, *PSAMPLE_STREAM_CONTEXT;

FLT_POSTOP_CALLBACK_STATUS
SamplePostDirectoryControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                           PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PSAMPLE_STREAM_CONTEXT Context = (PSAMPLE_STREAM_CONTEXT)CompletionContext;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || Context == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    // CHECK: :[[@LINE+1]]:14: error: FltLockUserBuffer requires IRQL <= APC_LEVEL but IRQL may be DISPATCH_LEVEL here: SamplePostDirectoryControl is a minifilter post-operation callback (it returns FLT_POSTOP_CALLBACK_STATUS); defer the work with FltDoCompletionProcessingWhenSafe and lock the buffer in the safe callback [irql-too-high]
    Status = FltLockUserBuffer(Data);
    if (NT_SUCCESS(Status)) {
        Context->BytesSeen += (ULONG)Data->IoStatus.Information;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
