// The real kernel headers parse: <ntifs.h> together with <ntddk.h> (ntifs.h first, the
// WDK's documented order), with realistic code around them. Must be clean: exit 0, no
// output (in particular no `compiler-error`).
// RUN: %drvcheck %s > %t.out
// RUN: %python %tools/fs.py empty %t.out
// RUN: %drvcheck --format sarif %s > %t.sarif
// RUN: %python %tools/check_sarif.py %t.sarif --exact

#include <ntifs.h>
#include <ntddk.h>

#define SCRATCH_TAG 'rcSD'

typedef struct _SCRATCH_MAPPING {
    PEPROCESS Process;
    PVOID UserBase;
    SIZE_T Size;
} SCRATCH_MAPPING, *PSCRATCH_MAPPING;

/* Commits one read/write page in another process and zeroes it, attached to it. */
NTSTATUS
ScratchAllocateInProcess(
    _In_ HANDLE ProcessId,
    _Out_ PSCRATCH_MAPPING Mapping)
{
    PEPROCESS Process = NULL;
    KAPC_STATE ApcState;
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;
    NTSTATUS Status;

    RtlZeroMemory(Mapping, sizeof(*Mapping));
    Status = PsLookupProcessByProcessId(ProcessId, &Process);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }

    KeStackAttachProcess((PKPROCESS)Process, &ApcState);
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size,
                                     MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        __try {
            RtlZeroMemory(Base, Size);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        if (!NT_SUCCESS(Status)) {
            Size = 0;
            ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);
        }
    }
    KeUnstackDetachProcess(&ApcState);

    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(Process);
        return Status;
    }
    Mapping->Process = Process;
    Mapping->UserBase = Base;
    Mapping->Size = Size;
    return STATUS_SUCCESS;
}

/* Releases what ScratchAllocateInProcess committed. */
VOID
ScratchFree(
    _Inout_ PSCRATCH_MAPPING Mapping)
{
    KAPC_STATE ApcState;
    SIZE_T Size = 0;

    if (Mapping->Process == NULL) {
        return;
    }
    KeStackAttachProcess((PKPROCESS)Mapping->Process, &ApcState);
    ZwFreeVirtualMemory(ZwCurrentProcess(), &Mapping->UserBase, &Size, MEM_RELEASE);
    KeUnstackDetachProcess(&ApcState);
    ObDereferenceObject(Mapping->Process);
    RtlZeroMemory(Mapping, sizeof(*Mapping));
}

/* A file-system flavoured helper: does the opened name match a pattern? */
BOOLEAN
ScratchNameMatches(
    _In_ PFILE_OBJECT FileObject,
    _In_ PUNICODE_STRING UpcasePattern)
{
    if (FileObject == NULL || FileObject->FileName.Length == 0) {
        return FALSE;
    }
    return FsRtlIsNameInExpression(UpcasePattern, &FileObject->FileName, TRUE, NULL);
}

/* Who asked: the requestor of an IRP, as a process id. */
ULONG
ScratchRequestor(
    _In_ PIRP Irp)
{
    return IoGetRequestorProcessId(Irp);
}

/* A pool-backed copy of a counted string. */
NTSTATUS
ScratchDuplicateString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Copy)
{
    Copy->Buffer = ExAllocatePoolWithTag(PagedPool, Source->Length, SCRATCH_TAG);
    if (Copy->Buffer == NULL) {
        Copy->Length = Copy->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Copy->MaximumLength = Source->Length;
    RtlCopyUnicodeString(Copy, Source);
    return STATUS_SUCCESS;
}
