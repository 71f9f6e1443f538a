// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [postop-buffer-unsafe]
//
// postop-buffer-unsafe negative: the pattern of the Filter Manager documentation for a
// directory-control post-operation callback. With an MDL the buffer is mapped
// (MmGetSystemAddressForMdlSafe, NULL checked); without one it is used directly only if
// FLT_IS_SYSTEM_BUFFER or FLT_IS_FASTIO_OPERATION is true (under __try/__except, since a
// fast I/O buffer is still user memory); otherwise the work is deferred with
// FltDoCompletionProcessingWhenSafe, whose safe callback locks the user buffer
// (FltLockUserBuffer) and maps it. The safe callback returns FLT_POSTOP_CALLBACK_STATUS but
// is not a post-operation callback.

#include <fltKernel.h>

FLT_POSTOP_CALLBACK_STATUS
CountPostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                 PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS
CountPostDirCtrlWhenSafe(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                         PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, NULL, CountPostDirCtrl },
    { IRP_MJ_OPERATION_END }
};

static volatile LONG g_Entries;

static VOID
CountEntries(PFILE_BOTH_DIR_INFORMATION Entry)
{
    for (;;) {
        InterlockedIncrement(&g_Entries);
        if (Entry->NextEntryOffset == 0) {
            break;
        }
        Entry = (PFILE_BOTH_DIR_INFORMATION)((PUCHAR)Entry + Entry->NextEntryOffset);
    }
}

FLT_POSTOP_CALLBACK_STATUS
CountPostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                 PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    FLT_POSTOP_CALLBACK_STATUS RetValue = FLT_POSTOP_FINISHED_PROCESSING;
    PMDL *DirectoryControlMdl = &Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress;
    PVOID DirBuffer;

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY ||
        Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass != FileBothDirectoryInformation) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (*DirectoryControlMdl == NULL) {
        if (FLT_IS_SYSTEM_BUFFER(Data) || FLT_IS_FASTIO_OPERATION(Data)) {
            DirBuffer = Data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
            __try {
                CountEntries((PFILE_BOTH_DIR_INFORMATION)DirBuffer);
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                Data->IoStatus.Status = GetExceptionCode();
                Data->IoStatus.Information = 0;
            }
        } else {
            /* Defer processing until safe. */
            if (!FltDoCompletionProcessingWhenSafe(Data, FltObjects, CompletionContext, Flags,
                                                   CountPostDirCtrlWhenSafe, &RetValue)) {
                Data->IoStatus.Status = STATUS_UNSUCCESSFUL;
                Data->IoStatus.Information = 0;
            }
        }
        return RetValue;
    }

    DirBuffer = MmGetSystemAddressForMdlSafe(*DirectoryControlMdl, NormalPagePriority | MdlMappingNoExecute);
    if (DirBuffer == NULL) {
        Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    CountEntries((PFILE_BOTH_DIR_INFORMATION)DirBuffer);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
CountPostDirCtrlWhenSafe(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                         PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PVOID DirBuffer;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    Status = FltLockUserBuffer(Data);
    if (!NT_SUCCESS(Status)) {
        Data->IoStatus.Status = Status;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    DirBuffer = MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress,
                                             NormalPagePriority | MdlMappingNoExecute);
    if (DirBuffer == NULL) {
        Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    CountEntries((PFILE_BOTH_DIR_INFORMATION)DirBuffer);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
