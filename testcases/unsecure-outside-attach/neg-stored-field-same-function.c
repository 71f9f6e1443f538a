// RUN: %drvcheck %s 2>&1 | FileCheck %s --allow-empty --implicit-check-not="{{warning|error}}:"
// CHECK-NOT: [unsecure-outside-attach]
//
// unsecure-outside-attach negative: the function that secures the buffer stores the
// handle in its context (`Context->SecureHandle = Handle;`) and later releases it read
// back from there, in the same thread and process. A helper called by the securing
// function after the secure, releasing the handle through the context it is given (or a
// handle passed as its parameter), is judged at that call site and is fine too.

#include <ntifs.h>

typedef struct _SAMPLE_CONTEXT {
    PVOID Buffer;
    SIZE_T Length;
    HANDLE SecureHandle;
    ULONG Checksum;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

static ULONG
SampleChecksum(const UCHAR *Data, SIZE_T Length)
{
    ULONG Sum = 0;
    SIZE_T i;

    __try {
        for (i = 0; i < Length; i++) {
            Sum = Sum * 31 + Data[i];
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Sum = 0;
    }
    return Sum;
}

static VOID
SampleForget(PSAMPLE_CONTEXT Context)
{
    HANDLE Handle = Context->SecureHandle;

    Context->SecureHandle = NULL;
    Context->Buffer = NULL;
    MmUnsecureVirtualMemory(Handle);
}

static VOID
SampleReleaseHandle(HANDLE Handle)
{
    MmUnsecureVirtualMemory(Handle);
}

NTSTATUS
SampleChecksumBuffer(PSAMPLE_CONTEXT Context, PVOID UserBuffer, SIZE_T Length)
{
    HANDLE Handle;

    Handle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (Handle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Context->Buffer = UserBuffer;
    Context->Length = Length;
    Context->SecureHandle = Handle;

    Context->Checksum = SampleChecksum((const UCHAR *)Context->Buffer, Context->Length);

    MmUnsecureVirtualMemory(Context->SecureHandle);
    Context->SecureHandle = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
SampleChecksumTwice(PSAMPLE_CONTEXT Context, PVOID UserBuffer, SIZE_T Length)
{
    HANDLE Handle;

    Handle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (Handle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Context->Buffer = UserBuffer;
    Context->Length = Length;
    Context->SecureHandle = Handle;
    Context->Checksum = SampleChecksum((const UCHAR *)UserBuffer, Length);
    SampleForget(Context);

    Handle = MmSecureVirtualMemory(UserBuffer, Length, PAGE_READONLY);
    if (Handle == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Context->Checksum ^= SampleChecksum((const UCHAR *)UserBuffer, Length);
    SampleReleaseHandle(Handle);
    return STATUS_SUCCESS;
}
