// RUN: %drvcheck --no-source %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [irql-too-high]
//
// irql-too-high negative: the post-operation callback does not lock the user buffer itself.
// When the read has no MDL and no system buffer it defers the work with
// FltDoCompletionProcessingWhenSafe; the SafePostCallback runs at IRQL <= APC_LEVEL, so
// locking the buffer there (through a helper) is correct, although the safe callback is
// declared as FLT_POST_OPERATION_CALLBACK and returns FLT_POSTOP_CALLBACK_STATUS (role
// precedence: a SafePostCallback is not a post-operation callback).

#include <fltKernel.h>

#define SAMPLE_MARKER 0x4B52414Du

FLT_POST_OPERATION_CALLBACK SamplePostRead;
FLT_POST_OPERATION_CALLBACK SamplePostReadWhenSafe;

static const FLT_OPERATION_REGISTRATION SampleCallbacks[] = {
    { IRP_MJ_READ, 0, NULL, SamplePostRead },
    { IRP_MJ_OPERATION_END }
};

static VOID
SampleMarkBuffer(PULONG Buffer, ULONG Length)
{
    if (Length >= sizeof(ULONG)) {
        *Buffer = SAMPLE_MARKER;
    }
}

static NTSTATUS
SampleLockAndMark(PFLT_CALLBACK_DATA Data)
{
    PFLT_PARAMETERS Params = &Data->Iopb->Parameters;
    PULONG Buffer;
    NTSTATUS Status;

    Status = FltLockUserBuffer(Data);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Buffer = (PULONG)MmGetSystemAddressForMdlSafe(Params->Read.MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    SampleMarkBuffer(Buffer, (ULONG)Data->IoStatus.Information);
    return STATUS_SUCCESS;
}

FLT_POSTOP_CALLBACK_STATUS
SamplePostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
               FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_PARAMETERS Params = &Data->Iopb->Parameters;
    FLT_POSTOP_CALLBACK_STATUS RetValue = FLT_POSTOP_FINISHED_PROCESSING;
    PULONG Buffer;

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (Params->Read.MdlAddress != NULL) {
        Buffer = (PULONG)MmGetSystemAddressForMdlSafe(Params->Read.MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (Buffer == NULL) {
            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Data->IoStatus.Information = 0;
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        SampleMarkBuffer(Buffer, (ULONG)Data->IoStatus.Information);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!FltDoCompletionProcessingWhenSafe(Data, FltObjects, CompletionContext, Flags, SamplePostReadWhenSafe,
                                           &RetValue)) {
        Data->IoStatus.Status = STATUS_UNSUCCESSFUL;
        Data->IoStatus.Information = 0;
    }
    return RetValue;
}

FLT_POSTOP_CALLBACK_STATUS
SamplePostReadWhenSafe(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
                       FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    Status = SampleLockAndMark(Data);
    if (!NT_SUCCESS(Status)) {
        Data->IoStatus.Status = Status;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
