// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [postop-buffer-unsafe]
//
// postop-buffer-unsafe negative: the generic post-operation pattern the Filter Manager
// documentation recommends for any operation: FltDecodeParameters finds the operation's
// MDL, which is mapped (and the mapping checked); without an MDL the buffer it returns is
// used only when FLT_IS_SYSTEM_BUFFER is true.

#include <fltKernel.h>

static volatile LONG g_FirstBytes[256];

FLT_POSTOP_CALLBACK_STATUS
HistPostOperation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                  PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PMDL *MdlAddress = NULL;
    PVOID *Buffer = NULL;
    PULONG Length = NULL;
    PUCHAR Bytes = NULL;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(FltDecodeParameters(Data, &MdlAddress, &Buffer, &Length, NULL))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (MdlAddress != NULL && *MdlAddress != NULL) {
        Bytes = (PUCHAR)MmGetSystemAddressForMdlSafe(*MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (Bytes == NULL) {
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
    } else if (Buffer != NULL && FLT_IS_SYSTEM_BUFFER(Data)) {
        Bytes = (PUCHAR)*Buffer;
    }
    if (Bytes != NULL) {
        InterlockedIncrement(&g_FirstBytes[Bytes[0]]);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
