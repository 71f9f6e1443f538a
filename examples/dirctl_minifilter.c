/*
 * dirctl_minifilter.c - an example file-system minifilter for drvcheck, WITH BUGS.
 *
 * "DirHide" hides directory entries whose names start with HIDE_PREFIX. For
 * IRP_MJ_DIRECTORY_CONTROL / IRP_MN_QUERY_DIRECTORY the pre-operation callback swaps the
 * caller's buffer for one of its own (the pattern of the WDK's swapBuffers sample); the
 * post-operation callback filters the entries in that private buffer and copies the result
 * back to the caller's buffer the safe way: through the MDL mapping, directly only when
 * FLT_IS_SYSTEM_BUFFER or FLT_IS_FASTIO_OPERATION (under __try/__except), and otherwise
 * deferred with FltDoCompletionProcessingWhenSafe to a callback that locks the user buffer
 * (FltLockUserBuffer) and maps it.
 *
 * The change-notification path (IRP_MN_NOTIFY_CHANGE_DIRECTORY) was written in a hurry:
 * it reads NotifyDirectory.DirectoryBuffer, the caller's user buffer, straight from the
 * post-operation callback, which may run at DISPATCH_LEVEL in an arbitrary thread.
 *
 * Two deliberate bugs, each marked "BUG(rule-id)" on the line drvcheck reports:
 *   line 123  postop-buffer-unsafe  the first notify record is read from the user buffer
 *   line 127  postop-buffer-unsafe  the user buffer is handed to DirHideCountNotify
 */
#include <fltKernel.h>

#define DIRHIDE_TAG     'dHiD'
#define HIDE_PREFIX     L"$hide"
#define HIDE_PREFIX_LEN (sizeof(HIDE_PREFIX) - sizeof(WCHAR))

typedef struct _DIRHIDE_SWAP_CONTEXT {
    PVOID SwappedBuffer;
    PMDL SwappedMdl;
} DIRHIDE_SWAP_CONTEXT, *PDIRHIDE_SWAP_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS DirHideUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS DirHidePreDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                            PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS DirHidePostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                              PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS DirHidePostDirCtrlWhenSafe(PFLT_CALLBACK_DATA Data,
                                                      PCFLT_RELATED_OBJECTS FltObjects,
                                                      PVOID CompletionContext,
                                                      FLT_POST_OPERATION_FLAGS Flags);

static PFLT_FILTER g_Filter;
static volatile LONG g_NotifyRecords;

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, DirHidePreDirCtrl, DirHidePostDirCtrl },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Callbacks,
    DirHideUnload,
};

/* Unlink hidden entries from a FILE_BOTH_DIR_INFORMATION list in our own buffer. */
static VOID
DirHideFilterEntries(PUCHAR Buffer)
{
    PFILE_BOTH_DIR_INFORMATION Entry = (PFILE_BOTH_DIR_INFORMATION)Buffer;
    PFILE_BOTH_DIR_INFORMATION Previous = NULL;

    for (;;) {
        BOOLEAN Hide = Entry->FileNameLength >= HIDE_PREFIX_LEN &&
                       RtlCompareMemory(Entry->FileName, HIDE_PREFIX, HIDE_PREFIX_LEN) == HIDE_PREFIX_LEN;
        if (Hide && Previous != NULL) {
            Previous->NextEntryOffset = Entry->NextEntryOffset == 0
                                            ? 0
                                            : Previous->NextEntryOffset + Entry->NextEntryOffset;
        } else {
            Previous = Entry;
        }
        if (Entry->NextEntryOffset == 0) {
            break;
        }
        Entry = (PFILE_BOTH_DIR_INFORMATION)((PUCHAR)Entry + Entry->NextEntryOffset);
    }
}

static VOID
DirHideFreeContext(PDIRHIDE_SWAP_CONTEXT Context)
{
    IoFreeMdl(Context->SwappedMdl);
    ExFreePoolWithTag(Context->SwappedBuffer, DIRHIDE_TAG);
    ExFreePoolWithTag(Context, DIRHIDE_TAG);
}

/* Counts change records; the caller must give it a buffer that is safe to touch. */
static ULONG
DirHideCountNotify(const FILE_NOTIFY_INFORMATION *Info)
{
    ULONG Count = 1;

    while (Info->NextEntryOffset != 0) {
        Info = (const FILE_NOTIFY_INFORMATION *)((const UCHAR *)Info + Info->NextEntryOffset);
        Count++;
    }
    return Count;
}

FLT_POSTOP_CALLBACK_STATUS
DirHidePostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                   PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_IO_PARAMETER_BLOCK Iopb = Data->Iopb;
    PDIRHIDE_SWAP_CONTEXT Context = (PDIRHIDE_SWAP_CONTEXT)CompletionContext;
    FLT_POSTOP_CALLBACK_STATUS RetValue = FLT_POSTOP_FINISHED_PROCESSING;
    BOOLEAN FreeContext = TRUE;
    PVOID OrigBuf;

    if (Iopb->MinorFunction == IRP_MN_NOTIFY_CHANGE_DIRECTORY) {
        PFILE_NOTIFY_INFORMATION Notify =
            (PFILE_NOTIFY_INFORMATION)Iopb->Parameters.DirectoryControl.NotifyDirectory.DirectoryBuffer;

        if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
            Data->IoStatus.Information == 0 || Notify == NULL) {
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        if (Notify->Action == FILE_ACTION_REMOVED) { /* BUG(postop-buffer-unsafe) */
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        InterlockedExchangeAdd(&g_NotifyRecords,
                               (LONG)DirHideCountNotify(Notify)); /* BUG(postop-buffer-unsafe) */
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (Context == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Information == 0 ||
        FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        DirHideFreeContext(Context);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* Our private buffer: nonpaged, safe at any IRQL. */
    DirHideFilterEntries((PUCHAR)Context->SwappedBuffer);

    if (Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress != NULL) {
        OrigBuf = MmGetSystemAddressForMdlSafe(Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress,
                                               NormalPagePriority | MdlMappingNoExecute);
        if (OrigBuf == NULL) {
            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Data->IoStatus.Information = 0;
            DirHideFreeContext(Context);
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
    } else if (FlagOn(Data->Flags, FLTFL_CALLBACK_DATA_SYSTEM_BUFFER) ||
               FlagOn(Data->Flags, FLTFL_CALLBACK_DATA_FAST_IO_OPERATION)) {
        OrigBuf = Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
    } else {
        /* A user buffer without an MDL: finish at a safe IRQL. */
        if (FltDoCompletionProcessingWhenSafe(Data, FltObjects, CompletionContext, Flags,
                                              DirHidePostDirCtrlWhenSafe, &RetValue)) {
            FreeContext = FALSE;
        } else {
            Data->IoStatus.Status = STATUS_UNSUCCESSFUL;
            Data->IoStatus.Information = 0;
        }
        if (FreeContext) {
            DirHideFreeContext(Context);
        }
        return RetValue;
    }

    __try {
        RtlCopyMemory(OrigBuf, Context->SwappedBuffer, Data->IoStatus.Information);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Data->IoStatus.Status = GetExceptionCode();
        Data->IoStatus.Information = 0;
    }
    DirHideFreeContext(Context);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
DirHidePostDirCtrlWhenSafe(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                           PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PDIRHIDE_SWAP_CONTEXT Context = (PDIRHIDE_SWAP_CONTEXT)CompletionContext;
    PVOID OrigBuf;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    Status = FltLockUserBuffer(Data);
    if (!NT_SUCCESS(Status)) {
        Data->IoStatus.Status = Status;
        Data->IoStatus.Information = 0;
    } else {
        OrigBuf = MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress,
                                               NormalPagePriority | MdlMappingNoExecute);
        if (OrigBuf == NULL) {
            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Data->IoStatus.Information = 0;
        } else {
            RtlCopyMemory(OrigBuf, Context->SwappedBuffer, Data->IoStatus.Information);
        }
    }
    DirHideFreeContext(Context);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
DirHidePreDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_IO_PARAMETER_BLOCK Iopb = Data->Iopb;
    ULONG Length = Iopb->Parameters.DirectoryControl.QueryDirectory.Length;
    PDIRHIDE_SWAP_CONTEXT Context;
    PVOID NewBuf;
    PMDL NewMdl;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Iopb->MinorFunction == IRP_MN_NOTIFY_CHANGE_DIRECTORY) {
        return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    if (Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY || Length == 0 ||
        Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass != FileBothDirectoryInformation) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    NewBuf = ExAllocatePoolWithTag(NonPagedPool, Length, DIRHIDE_TAG);
    if (NewBuf == NULL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    NewMdl = IoAllocateMdl(NewBuf, Length, FALSE, FALSE, NULL);
    if (NewMdl == NULL) {
        ExFreePoolWithTag(NewBuf, DIRHIDE_TAG);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    MmBuildMdlForNonPagedPool(NewMdl);
    Context = (PDIRHIDE_SWAP_CONTEXT)ExAllocatePoolWithTag(NonPagedPool, sizeof(DIRHIDE_SWAP_CONTEXT), DIRHIDE_TAG);
    if (Context == NULL) {
        IoFreeMdl(NewMdl);
        ExFreePoolWithTag(NewBuf, DIRHIDE_TAG);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    Context->SwappedBuffer = NewBuf;
    Context->SwappedMdl = NewMdl;

    Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer = NewBuf;
    Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress = NewMdl;
    FltSetCallbackDataDirty(Data);

    *CompletionContext = Context;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

NTSTATUS
DirHideUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Status = FltRegisterFilter(DriverObject, &g_Registration, &g_Filter);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(Status)) {
        FltUnregisterFilter(g_Filter);
    }
    return Status;
}
