// RUN: not %drvcheck %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
//
// postop-buffer-unsafe: a directory-control post-operation callback (recognised by its
// FLT_POSTOP_CALLBACK_STATUS return type) that hides entries by walking
// Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer directly. Without the MDL or
// an FLT_IS_SYSTEM_BUFFER test this is the caller's user buffer, touched at up to
// DISPATCH_LEVEL in an arbitrary thread; a __try/__except does not help there. One finding
// per line; the read of the buffer address is a note.

#include <fltKernel.h>

#define HIDE_PREFIX L"~hidden"
#define HIDE_PREFIX_BYTES (sizeof(HIDE_PREFIX) - sizeof(WCHAR))

FLT_POSTOP_CALLBACK_STATUS
HidePostDirectoryControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                         PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, NULL, HidePostDirectoryControl },
    { IRP_MJ_OPERATION_END }
};

FLT_POSTOP_CALLBACK_STATUS
HidePostDirectoryControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                         PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFILE_BOTH_DIR_INFORMATION Entry;
    PFILE_BOTH_DIR_INFORMATION Previous = NULL;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY ||
        Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass != FileBothDirectoryInformation) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    Entry = (PFILE_BOTH_DIR_INFORMATION)Data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
    __try {
        for (;;) {
            // CHECK: :[[@LINE+3]]:17: warning: 'Entry' is the caller's buffer (Data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer at line 40), accessed in post-operation callback 'HidePostDirectoryControl', which may run at DISPATCH_LEVEL in an arbitrary thread; {{.*}} [postop-buffer-unsafe]
            // CHECK-NEXT: {{^}}            if (Entry->FileNameLength >= HIDE_PREFIX_BYTES &&
            // CHECK: :40:96: note: the buffer address is read here
            if (Entry->FileNameLength >= HIDE_PREFIX_BYTES &&
                // CHECK: :[[@LINE+1]]:17: warning: 'Entry' is the caller's buffer {{.*}} [postop-buffer-unsafe]
                RtlCompareMemory(Entry->FileName, HIDE_PREFIX, HIDE_PREFIX_BYTES) == HIDE_PREFIX_BYTES &&
                Previous != NULL) {
                // CHECK: :[[@LINE+1]]:17: warning: 'Previous' is the caller's buffer {{.*}} [postop-buffer-unsafe]
                Previous->NextEntryOffset = (Entry->NextEntryOffset == 0)
                                                ? 0
                // CHECK: :[[@LINE+1]]:51: warning: 'Previous' is the caller's buffer {{.*}} [postop-buffer-unsafe]
                                                : Previous->NextEntryOffset + Entry->NextEntryOffset;
            } else {
                Previous = Entry;
            }
            // CHECK: :[[@LINE+1]]:17: warning: 'Entry' is the caller's buffer {{.*}} [postop-buffer-unsafe]
            if (Entry->NextEntryOffset == 0) {
                break;
            }
            // CHECK: :[[@LINE+1]]:66: warning: 'Entry' is the caller's buffer {{.*}} [postop-buffer-unsafe]
            Entry = (PFILE_BOTH_DIR_INFORMATION)((PUCHAR)Entry + Entry->NextEntryOffset);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Data->IoStatus.Status = GetExceptionCode();
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
