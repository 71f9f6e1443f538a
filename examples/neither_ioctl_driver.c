/*
 * neither_ioctl_driver.c - an example WDM driver for drvcheck, WITH BUGS.
 *
 * A control device (\Device\NeitherSample) whose IOCTLs use METHOD_NEITHER, so the
 * driver receives the caller's raw user-mode addresses (Type3InputBuffer and
 * Irp->UserBuffer) and must touch them only inside __try/__except:
 *   IOCTL_NEITHER_GET_VERSION  writes a NEITHER_VERSION into the caller's buffer;
 *   IOCTL_NEITHER_SET_NAME     copies a NUL-terminated UNICODE name from the caller;
 *   IOCTL_NEITHER_XOR          XORs the caller's block with a key and writes it back;
 *   IOCTL_NEITHER_SUM_RECORDS  sums the records of a caller buffer (a helper parses it);
 *   IOCTL_NEITHER_READ_LOG     (METHOD_OUT_DIRECT) copies the event log into the MDL.
 * A kernel-mode caller (Irp->RequestorMode == KernelMode) is served directly, and the
 * IRP_MJ_INTERNAL_DEVICE_CONTROL handler reads Irp->UserBuffer, which only kernel drivers
 * can send: both are fine. Every routine runs at PASSIVE_LEVEL.
 *
 * Four deliberate bugs, each marked "BUG(rule-id)" on the line drvcheck reports:
 *   line 128  user-access-outside-try  wcsnlen reads the caller's name before the __try
 *   line 161  user-access-outside-try  the result is copied back after the __except
 *   line 197  user-access-outside-try  NeitherSumRecords reads the caller's buffer with no
 *                                      handler of its own and is called outside __try
 *   line 212  mdl-address-null-check   the MDL mapping is used without a NULL check
 */
#include <ntddk.h>

#define NEITHER_VERSION_MAJOR 1
#define NEITHER_VERSION_MINOR 4
#define NEITHER_NAME_CHARS    32
#define NEITHER_BLOCK_SIZE    64
#define NEITHER_LOG_SIZE      1024

#define IOCTL_NEITHER_GET_VERSION CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_NEITHER_SET_NAME    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_NEITHER_XOR         CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_NEITHER_SUM_RECORDS CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_NEITHER_READ_LOG    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA04, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_NEITHER_INTERNAL_PEEK CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _NEITHER_VERSION {
    USHORT Major;
    USHORT Minor;
} NEITHER_VERSION, *PNEITHER_VERSION;

typedef struct _NEITHER_XOR_BLOCK {
    ULONG Key;
    UCHAR Data[NEITHER_BLOCK_SIZE];
} NEITHER_XOR_BLOCK, *PNEITHER_XOR_BLOCK;

typedef struct _NEITHER_RECORDS {
    ULONG Count;
    ULONG Values[1];
} NEITHER_RECORDS, *PNEITHER_RECORDS;

typedef struct _NEITHER_STATE {
    FAST_MUTEX Lock;
    WCHAR Name[NEITHER_NAME_CHARS];
    UCHAR Log[NEITHER_LOG_SIZE];
    ULONG LogLength;
} NEITHER_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NeitherUnload;
DRIVER_DISPATCH NeitherCreateClose;
DRIVER_DISPATCH NeitherDeviceControl;
DRIVER_DISPATCH NeitherInternalDeviceControl;

static PDEVICE_OBJECT g_Device;
static NEITHER_STATE g_State;

static NTSTATUS
NeitherComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Correct: probe and write under one __try/__except; a kernel caller is trusted. */
static NTSTATUS
NeitherGetVersion(PIRP Irp, ULONG OutLength, ULONG_PTR *Information)
{
    PNEITHER_VERSION Version = (PNEITHER_VERSION)Irp->UserBuffer;
    NTSTATUS Status = STATUS_SUCCESS;

    if (OutLength < sizeof(NEITHER_VERSION)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Irp->RequestorMode == KernelMode) {
        Version->Major = NEITHER_VERSION_MAJOR;
        Version->Minor = NEITHER_VERSION_MINOR;
        *Information = sizeof(NEITHER_VERSION);
        return STATUS_SUCCESS;
    }
    __try {
        ProbeForWrite(Version, sizeof(NEITHER_VERSION), TYPE_ALIGNMENT(USHORT));
        Version->Major = NEITHER_VERSION_MAJOR;
        Version->Minor = NEITHER_VERSION_MINOR;
        *Information = sizeof(NEITHER_VERSION);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* Correct helper: its only call site is inside a __try body. */
static VOID
NeitherXorBlock(PNEITHER_XOR_BLOCK Block, PUCHAR Out)
{
    ULONG i;

    for (i = 0; i < NEITHER_BLOCK_SIZE; i++) {
        Out[i] = Block->Data[i] ^ (UCHAR)(Block->Key >> ((i % 4) * 8));
    }
}

static NTSTATUS
NeitherSetName(PIO_STACK_LOCATION IrpSp)
{
    PCWSTR Name = (PCWSTR)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG InLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    SIZE_T Chars;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Name == NULL || InLength < sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    /* The length is measured before the buffer is probed and without a handler. */
    Chars = wcsnlen(Name, min(InLength / sizeof(WCHAR), NEITHER_NAME_CHARS - 1)); /* BUG(user-access-outside-try) */

    ExAcquireFastMutex(&g_State.Lock);
    __try {
        ProbeForRead((PVOID)Name, (Chars + 1) * sizeof(WCHAR), TYPE_ALIGNMENT(WCHAR));
        RtlCopyMemory(g_State.Name, Name, Chars * sizeof(WCHAR));
        g_State.Name[Chars] = L'\0';
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    ExReleaseFastMutex(&g_State.Lock);
    return Status;
}

static NTSTATUS
NeitherXor(PIRP Irp, PIO_STACK_LOCATION IrpSp, ULONG_PTR *Information)
{
    PNEITHER_XOR_BLOCK Block = (PNEITHER_XOR_BLOCK)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PUCHAR Out = (PUCHAR)Irp->UserBuffer;
    UCHAR Result[NEITHER_BLOCK_SIZE];

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(NEITHER_XOR_BLOCK) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < NEITHER_BLOCK_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(Block, sizeof(NEITHER_XOR_BLOCK), TYPE_ALIGNMENT(ULONG));
        ProbeForWrite(Out, NEITHER_BLOCK_SIZE, 1);
        NeitherXorBlock(Block, Result);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    /* Probed, but the pages can be gone by now: this copy needs the handler too. */
    RtlCopyMemory(Out, Result, NEITHER_BLOCK_SIZE); /* BUG(user-access-outside-try) */
    *Information = NEITHER_BLOCK_SIZE;
    return STATUS_SUCCESS;
}

/* Reads the caller's records without a handler of its own. */
static ULONG
NeitherSumRecords(const NEITHER_RECORDS *Records, ULONG Length)
{
    ULONG Count, i, Sum = 0;

    Count = Records->Count;
    if (Count > (Length - FIELD_OFFSET(NEITHER_RECORDS, Values)) / sizeof(ULONG)) {
        Count = (Length - FIELD_OFFSET(NEITHER_RECORDS, Values)) / sizeof(ULONG);
    }
    for (i = 0; i < Count; i++) {
        Sum += Records->Values[i];
    }
    return Sum;
}

static NTSTATUS
NeitherSum(PIO_STACK_LOCATION IrpSp, PULONG Sum)
{
    const NEITHER_RECORDS *Records =
        (const NEITHER_RECORDS *)IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG Length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (Length < sizeof(NEITHER_RECORDS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead((PVOID)Records, Length, TYPE_ALIGNMENT(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    *Sum = NeitherSumRecords(Records, Length); /* BUG(user-access-outside-try) */
    return STATUS_SUCCESS;
}

static NTSTATUS
NeitherReadLog(PIRP Irp, ULONG OutLength, ULONG_PTR *Information)
{
    PUCHAR Out;
    ULONG Length;

    if (Irp->MdlAddress == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    ExAcquireFastMutex(&g_State.Lock);
    Length = min(OutLength, g_State.LogLength);
    Out = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute); /* BUG(mdl-address-null-check) */
    RtlCopyMemory(Out, g_State.Log, Length);
    ExReleaseFastMutex(&g_State.Lock);
    *Information = Length;
    return STATUS_SUCCESS;
}

NTSTATUS
NeitherDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG OutLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR Information = 0;
    ULONG Sum = 0;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NEITHER_GET_VERSION:
        Status = NeitherGetVersion(Irp, OutLength, &Information);
        break;
    case IOCTL_NEITHER_SET_NAME:
        Status = NeitherSetName(IrpSp);
        break;
    case IOCTL_NEITHER_XOR:
        Status = NeitherXor(Irp, IrpSp, &Information);
        break;
    case IOCTL_NEITHER_SUM_RECORDS:
        Status = NeitherSum(IrpSp, &Sum);
        Information = Sum;
        break;
    case IOCTL_NEITHER_READ_LOG:
        Status = NeitherReadLog(Irp, OutLength, &Information);
        break;
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return NeitherComplete(Irp, Status, Information);
}

/* Correct: only kernel-mode drivers send IRP_MJ_INTERNAL_DEVICE_CONTROL. */
NTSTATUS
NeitherInternalDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION IrpSp = IoGetCurrentIrpStackLocation(Irp);
    PNEITHER_VERSION Version = (PNEITHER_VERSION)Irp->UserBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (IrpSp->Parameters.DeviceIoControl.IoControlCode != IOCTL_NEITHER_INTERNAL_PEEK ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NEITHER_VERSION)) {
        return NeitherComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    Version->Major = NEITHER_VERSION_MAJOR;
    Version->Minor = NEITHER_VERSION_MINOR;
    return NeitherComplete(Irp, STATUS_SUCCESS, sizeof(NEITHER_VERSION));
}

NTSTATUS
NeitherCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return NeitherComplete(Irp, STATUS_SUCCESS, 0);
}

VOID
NeitherUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Device);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\NeitherSample");
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&g_State.Lock);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Device);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = NeitherCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NeitherCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NeitherDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = NeitherInternalDeviceControl;
    DriverObject->DriverUnload = NeitherUnload;
    return STATUS_SUCCESS;
}
