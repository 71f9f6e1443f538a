// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// postop-buffer-unsafe: a post-operation callback known only from the PostOperation slot of
// the FLT_OPERATION_REGISTRATION table (its return type is spelled through the filter's own
// typedef, so the type does not give it away). It hands the read buffer to a helper that
// scans it: the finding is on the call, the helper's access is a note. The helper is also
// called from the pre-operation callback, where the buffer is a plain user pointer under
// __try/__except, which is fine.

#include <fltKernel.h>

typedef FLT_POSTOP_CALLBACK_STATUS SCAN_POST_STATUS;

typedef struct _SCAN_CONTEXT {
    ULONG Signature;
    volatile LONG Matches;
} SCAN_CONTEXT;

static SCAN_CONTEXT g_Scan = { 0x4D5A, 0 };

FLT_PREOP_CALLBACK_STATUS ScanPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                       PVOID *CompletionContext);
SCAN_POST_STATUS ScanPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                              PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_READ, 0, NULL, (PFLT_POST_OPERATION_CALLBACK)ScanPostRead },
    { IRP_MJ_WRITE, 0, ScanPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static BOOLEAN
ScanHasSignature(const UCHAR *Buffer, ULONG_PTR Length)
{
    return Length >= sizeof(USHORT) && *(const USHORT *)Buffer == (USHORT)g_Scan.Signature;
}

FLT_PREOP_CALLBACK_STATUS
ScanPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    __try {
        if (ScanHasSignature((const UCHAR *)Data->Iopb->Parameters.Write.WriteBuffer,
                             Data->Iopb->Parameters.Write.Length)) {
            InterlockedIncrement(&g_Scan.Matches);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        NOTHING;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

SCAN_POST_STATUS
ScanPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PVOID Buffer = Data->Iopb->Parameters.Read.ReadBuffer;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    // CHECK: :[[@LINE+3]]:9: warning: 'Buffer' is the caller's buffer (Data->Iopb->Parameters.Read.ReadBuffer at line 58), passed to 'ScanHasSignature', which accesses it, in post-operation callback 'ScanPostRead', {{.*}} [postop-buffer-unsafe]
    // CHECK: :35:40: note: 'ScanHasSignature' accesses its parameter here
    // CHECK: :58:48: note: the buffer address is read here
    if (ScanHasSignature((const UCHAR *)Buffer, Data->IoStatus.Information)) {
        InterlockedIncrement(&g_Scan.Matches);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
