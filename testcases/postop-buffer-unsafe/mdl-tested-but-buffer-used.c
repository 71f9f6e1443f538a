// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// postop-buffer-unsafe: finding the MDL non-NULL is not enough, the access must go through
// the system address MmGetSystemAddressForMdlSafe returns; and FLT_IS_IRP_OPERATION says
// nothing about the buffer. The buffer FltDecodeParameters returns (*Buffer) is the same
// user buffer as WriteBuffer.

#include <fltKernel.h>

typedef struct _AUDIT_RECORD {
    ULONG Length;
    UCHAR Head[16];
} AUDIT_RECORD;

static AUDIT_RECORD g_LastWrite;

FLT_POSTOP_CALLBACK_STATUS
AuditPostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
               PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    ULONG Length = (ULONG)min(Data->IoStatus.Information, sizeof(g_LastWrite.Head));

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (!NT_SUCCESS(Data->IoStatus.Status) || !FLT_IS_IRP_OPERATION(Data)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (Data->Iopb->Parameters.Write.MdlAddress != NULL) {
        // CHECK: :[[@LINE+2]]:9: warning: the caller's buffer Data->Iopb->Parameters.Write.WriteBuffer is accessed by memcpy in post-operation callback 'AuditPostWrite', {{.*}} [postop-buffer-unsafe]
        // CHECK: :[[@LINE+1]]:9: note: the buffer address is read here
        RtlCopyMemory(g_LastWrite.Head, Data->Iopb->Parameters.Write.WriteBuffer, Length);
        g_LastWrite.Length = Length;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_POSTOP_CALLBACK_STATUS
AuditPostQueryEa(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                 PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PMDL *MdlAddress;
    PVOID *Buffer;
    PULONG Length;
    LOCK_OPERATION Access;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    if (!NT_SUCCESS(FltDecodeParameters(Data, &MdlAddress, &Buffer, &Length, &Access)) || Buffer == NULL ||
        Length == NULL || *Length < sizeof(ULONG)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (MdlAddress != NULL && *MdlAddress != NULL) {
        // CHECK: :[[@LINE+2]]:30: warning: the caller's buffer *Buffer is accessed in post-operation callback 'AuditPostQueryEa', {{.*}} [postop-buffer-unsafe]
        // CHECK: :[[@LINE+1]]:39: note: the buffer address is read here
        g_LastWrite.Length = *(PULONG)*Buffer;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
