// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [postop-buffer-unsafe]
//
// postop-buffer-unsafe negative: the system-buffer test in its other spellings. FlagOn on
// FLTFL_CALLBACK_DATA_SYSTEM_BUFFER, BooleanFlagOn, and an early return when
// FLT_IS_SYSTEM_BUFFER is false all leave a buffered-I/O (system) buffer, which may be
// touched at DISPATCH_LEVEL; the MDL path goes through the mapping.

#include <fltKernel.h>

typedef struct _IOCTL_STATS {
    ULONG Requests;
    ULONG LastCode;
    ULONG LastWord;
} IOCTL_STATS;

static IOCTL_STATS g_Stats;

FLT_POSTOP_CALLBACK_STATUS
StatsPostFsControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                   PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (FlagOn(Data->Flags, FLTFL_CALLBACK_DATA_SYSTEM_BUFFER) &&
        Data->Iopb->Parameters.FileSystemControl.Neither.OutputBufferLength >= sizeof(ULONG)) {
        g_Stats.LastWord = *(PULONG)Data->Iopb->Parameters.FileSystemControl.Neither.OutputBuffer;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
StatsPostDeviceControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                       PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PULONG Output = (PULONG)Data->Iopb->Parameters.DeviceIoControl.Neither.OutputBuffer;
    BOOLEAN SystemBuffer = BooleanFlagOn(Data->Flags, FLTFL_CALLBACK_DATA_SYSTEM_BUFFER);

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    g_Stats.Requests++;
    g_Stats.LastCode = Data->Iopb->Parameters.DeviceIoControl.Common.IoControlCode;
    if (Data->Iopb->Parameters.DeviceIoControl.Neither.OutputMdlAddress != NULL) {
        PULONG Mapped = (PULONG)MmGetSystemAddressForMdlSafe(
            Data->Iopb->Parameters.DeviceIoControl.Neither.OutputMdlAddress, NormalPagePriority);
        if (Mapped != NULL) {
            g_Stats.LastWord = Mapped[0];
        }
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!BooleanFlagOn(Data->Flags, FLTFL_CALLBACK_DATA_SYSTEM_BUFFER)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    UNREFERENCED_PARAMETER(SystemBuffer);
    if (Output != NULL) {
        g_Stats.LastWord = Output[0];
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
StatsPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
              PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (!FLT_IS_SYSTEM_BUFFER(Data) || Data->IoStatus.Information < sizeof(ULONG)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    g_Stats.LastWord = *(PULONG)Data->Iopb->Parameters.Read.ReadBuffer;
    return FLT_POSTOP_FINISHED_PROCESSING;
}
