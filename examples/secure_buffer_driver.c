/*
 * secure_buffer_driver.c - an example WDM driver for drvcheck, WITH BUGS.
 *
 * A control device (\Device\SecureBuffer) that works on its caller's memory:
 *   IOCTL_SECBUF_CHECKSUM  (METHOD_NEITHER)  checksums a caller buffer that starts with a
 *                                            SECBUF_HEADER and writes the sum back;
 *   IOCTL_SECBUF_FILL      (METHOD_NEITHER)  fills a caller buffer with a byte pattern;
 *   IOCTL_SECBUF_STAMP     (METHOD_NEITHER)  writes a SECBUF_STAMP into a caller buffer;
 *   IOCTL_SECBUF_SCRATCH   (METHOD_BUFFERED) commits a scratch area followed by a guard
 *                                            page in the caller's process.
 * The caller's buffers are probed and accessed only under __try/__except and kept
 * valid with MmSecureVirtualMemory while the driver works on them. Every routine runs
 * at PASSIVE_LEVEL (dispatch routines of a top-level driver, in the caller's thread).
 *
 * Four deliberate bugs, each marked "BUG(rule-id)" on the line drvcheck reports:
 *   line  90  secure-balance           the bad-magic return (line 103) keeps the range
 *                                      secured forever
 *   line 153  secure-balance           the exception path already released the handle;
 *                                      the common path releases it a second time
 *   line 178  secure-probe-mode        PAGE_EXECUTE_READWRITE is not a valid probe mode
 *   line 216  page-protection-invalid  PAGE_GUARD together with PAGE_NOACCESS
 * clean_driver.c beside this file is the same driver, fixed.
 */
#include <ntddk.h>
#include <ntifs.h>

#define SECBUF_TAG          'fBcS'
#define SECBUF_MAGIC        0x46554253u /* "SBUF" */
#define SECBUF_MAX_LENGTH   (64u * 1024u)
#define SECBUF_SCRATCH_SIZE (16u * PAGE_SIZE)

#define IOCTL_SECBUF_CHECKSUM CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SECBUF_FILL     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SECBUF_STAMP    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_SECBUF_SCRATCH  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SECBUF_HEADER {
    ULONG Magic;
    ULONG Length;           /* bytes of payload after the header */
} SECBUF_HEADER, *PSECBUF_HEADER;

typedef struct _SECBUF_FILL_REQUEST {
    PVOID Buffer;           /* caller address to fill */
    ULONG Length;
    UCHAR Pattern;
} SECBUF_FILL_REQUEST, *PSECBUF_FILL_REQUEST;

typedef struct _SECBUF_STAMP {
    ULONG Magic;
    ULONG Sequence;
    LARGE_INTEGER Time;
} SECBUF_STAMP, *PSECBUF_STAMP;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SecBufUnload;
DRIVER_DISPATCH SecBufCreateClose;
DRIVER_DISPATCH SecBufDeviceControl;

static PDEVICE_OBJECT g_SecBufDevice;
static UNICODE_STRING g_SecBufLink = RTL_CONSTANT_STRING(L"\\DosDevices\\SecureBuffer");
static volatile LONG g_SecBufSequence;

/* Sums the payload of a header-prefixed caller buffer; writes the sum to Irp->UserBuffer. */
static NTSTATUS
SecBufChecksum(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)
{
    PUCHAR UserData = (PUCHAR)Stack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG Length = Stack->Parameters.DeviceIoControl.InputBufferLength;
    PULONG UserSum = (PULONG)Irp->UserBuffer;
    SECBUF_HEADER Header;
    HANDLE Secure;
    ULONG Sum = 0;
    ULONG i;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Length < sizeof(SECBUF_HEADER) || Length > SECBUF_MAX_LENGTH) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(UserData, Length, sizeof(ULONG));
        ProbeForWrite(UserSum, sizeof(ULONG), sizeof(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    /* Keep the caller from freeing or re-protecting the range while we read it. */
    Secure = MmSecureVirtualMemory(UserData, Length, PAGE_READONLY); /* BUG(secure-balance): leaks */
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }

    __try {
        RtlCopyMemory(&Header, UserData, sizeof(Header));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        MmUnsecureVirtualMemory(Secure);
        return GetExceptionCode();
    }
    if (Header.Magic != SECBUF_MAGIC || Header.Length > Length - sizeof(SECBUF_HEADER)) {
        /* The bug: this return forgets MmUnsecureVirtualMemory(Secure). */
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        for (i = 0; i < Header.Length; i++) {
            Sum = Sum * 31 + UserData[sizeof(SECBUF_HEADER) + i];
        }
        *UserSum = Sum;
        *Information = sizeof(ULONG);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    MmUnsecureVirtualMemory(Secure);
    return Status;
}

/* Fills the caller buffer described by the METHOD_NEITHER input request. */
static NTSTATUS
SecBufFill(PIO_STACK_LOCATION Stack)
{
    PSECBUF_FILL_REQUEST UserRequest =
        (PSECBUF_FILL_REQUEST)Stack->Parameters.DeviceIoControl.Type3InputBuffer;
    SECBUF_FILL_REQUEST Request;
    HANDLE Secure;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(SECBUF_FILL_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(UserRequest, sizeof(SECBUF_FILL_REQUEST), TYPE_ALIGNMENT(SECBUF_FILL_REQUEST));
        Request = *UserRequest;
        ProbeForWrite(Request.Buffer, Request.Length, sizeof(UCHAR));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (Request.Length == 0 || Request.Length > SECBUF_MAX_LENGTH) {
        return STATUS_INVALID_PARAMETER;
    }

    Secure = MmSecureVirtualMemory(Request.Buffer, Request.Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    __try {
        RtlFillMemory(Request.Buffer, Request.Length, Request.Pattern);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
        MmUnsecureVirtualMemory(Secure);
    }
    MmUnsecureVirtualMemory(Secure); /* BUG(secure-balance): second release after an exception */
    return Status;
}

/* Writes a time stamp into the caller's output buffer. */
static NTSTATUS
SecBufStamp(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)
{
    PSECBUF_STAMP UserStamp = (PSECBUF_STAMP)Irp->UserBuffer;
    SECBUF_STAMP Stamp;
    HANDLE Secure;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SECBUF_STAMP)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(UserStamp, sizeof(SECBUF_STAMP), TYPE_ALIGNMENT(SECBUF_STAMP));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Stamp.Magic = SECBUF_MAGIC;
    Stamp.Sequence = (ULONG)InterlockedIncrement(&g_SecBufSequence);
    KeQuerySystemTime(&Stamp.Time);

    Secure = MmSecureVirtualMemory(UserStamp, sizeof(SECBUF_STAMP), PAGE_EXECUTE_READWRITE); /* BUG(secure-probe-mode) */
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    __try {
        RtlCopyMemory(UserStamp, &Stamp, sizeof(Stamp));
        *Information = sizeof(SECBUF_STAMP);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    MmUnsecureVirtualMemory(Secure);
    return Status;
}

/* Commits a scratch area in the caller's process, followed by one guard page. */
static NTSTATUS
SecBufScratch(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)
{
    PVOID *SystemOut = (PVOID *)Irp->AssociatedIrp.SystemBuffer;
    PVOID Base = NULL;
    PVOID Guard;
    SIZE_T Size = SECBUF_SCRATCH_SIZE + PAGE_SIZE;
    SIZE_T GuardSize = PAGE_SIZE;
    NTSTATUS Status;

    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size,
                                     MEM_RESERVE, PAGE_READWRITE);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Size = SECBUF_SCRATCH_SIZE;
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size,
                                     MEM_COMMIT, PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        Guard = (PUCHAR)Base + SECBUF_SCRATCH_SIZE;
        Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Guard, 0, &GuardSize, /* BUG(page-protection-invalid) */
                                         MEM_COMMIT,
                                         PAGE_NOACCESS | PAGE_GUARD);
    }
    if (!NT_SUCCESS(Status)) {
        Size = 0;
        ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);
        return Status;
    }
    *SystemOut = Base;
    *Information = sizeof(PVOID);
    return STATUS_SUCCESS;
}

NTSTATUS
SecBufDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG_PTR Information = 0;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SECBUF_CHECKSUM:
        Status = SecBufChecksum(Irp, Stack, &Information);
        break;
    case IOCTL_SECBUF_FILL:
        Status = SecBufFill(Stack);
        break;
    case IOCTL_SECBUF_STAMP:
        Status = SecBufStamp(Irp, Stack, &Information);
        break;
    case IOCTL_SECBUF_SCRATCH:
        Status = SecBufScratch(Irp, Stack, &Information);
        break;
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = NT_SUCCESS(Status) ? Information : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
SecBufCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SecBufUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_SecBufLink);
    IoDeleteDevice(g_SecBufDevice);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\SecureBuffer");
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_SecBufDevice);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    Status = IoCreateSymbolicLink(&g_SecBufLink, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(g_SecBufDevice);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SecBufCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SecBufCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SecBufDeviceControl;
    DriverObject->DriverUnload = SecBufUnload;
    return STATUS_SUCCESS;
}
