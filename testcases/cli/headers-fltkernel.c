// The real kernel headers parse: a minifilter on <fltKernel.h> (FLT_REGISTRATION,
// FLT_CALLBACK_DATA, pre/post callbacks, FltDoCompletionProcessingWhenSafe), using the
// post-operation buffer safely (MDL mapped with a NULL check, or a system buffer, or
// deferred to a safe callback that locks the user buffer). Must be clean: exit 0, no
// output (in particular no `compiler-error`).
// RUN: %drvcheck %s > %t.out
// RUN: %python %tools/fs.py empty %t.out

#include <fltKernel.h>

typedef struct _SCAN_STATS {
    volatile LONG ReadsSeen;
    volatile LONG ZeroFirstByte;
} SCAN_STATS;

static PFLT_FILTER g_Filter;
static SCAN_STATS g_Stats;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS ScanPreRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                      PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS ScanPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                        PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS ScanPostReadWhenSafe(PFLT_CALLBACK_DATA Data,
                                                PCFLT_RELATED_OBJECTS FltObjects,
                                                PVOID CompletionContext,
                                                FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_READ, 0, ScanPreRead, ScanPostRead },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Callbacks,
    ScanUnload,
};

static VOID
ScanCountFirstByte(const UCHAR *Buffer, ULONG_PTR Length)
{
    InterlockedIncrement(&g_Stats.ReadsSeen);
    if (Length != 0 && Buffer[0] == 0) {
        InterlockedIncrement(&g_Stats.ZeroFirstByte);
    }
}

FLT_PREOP_CALLBACK_STATUS
ScanPreRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (Data->Iopb->Parameters.Read.Length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
ScanPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    FLT_POSTOP_CALLBACK_STATUS Result = FLT_POSTOP_FINISHED_PROCESSING;
    PUCHAR Mapped;

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Information == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (Data->Iopb->Parameters.Read.MdlAddress != NULL) {
        /* Locked by the file system: map it, the mapping may fail. */
        Mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Read.MdlAddress,
                                                      NormalPagePriority);
        if (Mapped == NULL) {
            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Data->IoStatus.Information = 0;
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        ScanCountFirstByte(Mapped, Data->IoStatus.Information);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (FLT_IS_SYSTEM_BUFFER(Data)) {
        /* A system buffer is valid in any context. */
        ScanCountFirstByte((const UCHAR *)Data->Iopb->Parameters.Read.ReadBuffer,
                           Data->IoStatus.Information);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* A user buffer: only from a safe IRQL, in the safe callback. */
    if (!FltDoCompletionProcessingWhenSafe(Data, FltObjects, CompletionContext, Flags,
                                           ScanPostReadWhenSafe, &Result)) {
        Data->IoStatus.Status = STATUS_UNSUCCESSFUL;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    return Result;
}

FLT_POSTOP_CALLBACK_STATUS
ScanPostReadWhenSafe(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                     PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PUCHAR Mapped;
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
    Mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Read.MdlAddress,
                                                  NormalPagePriority);
    if (Mapped == NULL) {
        Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    ScanCountFirstByte(Mapped, Data->IoStatus.Information);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS
ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
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
