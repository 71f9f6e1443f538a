// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// user-access-outside-try in a minifilter: once FLT_IS_FASTIO_OPERATION is true a
// post-operation callback runs in the requestor's thread at <= APC_LEVEL, so the buffer is
// no longer postop-buffer-unsafe's concern, but it is still user memory and needs
// __try/__except. The same holds for the FLT_PARAMETERS buffers in a pre-operation callback.

#include <fltKernel.h>

static volatile LONG g_Zeroes;

FLT_POSTOP_CALLBACK_STATUS
ZeroPostRead(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    const UCHAR *Buffer;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (!FLT_IS_FASTIO_OPERATION(Data) || Data->IoStatus.Information == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    Buffer = (const UCHAR *)Data->Iopb->Parameters.Read.ReadBuffer;
    // CHECK: :[[@LINE+2]]:9: warning: 'Buffer' points into user memory (Data->Iopb->Parameters.Read.ReadBuffer at line 25) and is accessed outside __try/__except; {{.*}} [user-access-outside-try]
    // CHECK: :25:57: note: the user pointer comes from here
    if (Buffer[0] == 0) {
        InterlockedIncrement(&g_Zeroes);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
ZeroPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (Data->Iopb->Parameters.Write.Length != 0 &&
        // CHECK: :[[@LINE+2]]:9: warning: user pointer Data->Iopb->Parameters.Write.WriteBuffer is accessed outside __try/__except; {{.*}} [user-access-outside-try]
        // CHECK: :[[@LINE+1]]:54: note: the user pointer comes from here
        *(const UCHAR *)Data->Iopb->Parameters.Write.WriteBuffer == 0) {
        InterlockedIncrement(&g_Zeroes);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
