/*
 * fltKernel.h - Filter Manager (minifilter) interface for parsing drivers
 * against mingw-w64, which ships no fltKernel.h.
 *
 * A subset of the WDK's fltKernel.h: the object and callback-data types with
 * the WDK's member names and nesting (FLT_CALLBACK_DATA, FLT_IO_PARAMETER_BLOCK,
 * FLT_PARAMETERS with e.g. Parameters.DirectoryControl.QueryDirectory.
 * DirectoryBuffer), the registration structures, the callback typedefs, and
 * the Flt* routines minifilters commonly call, with the WDK's IRQL
 * annotations (drvcheck_annotate.h describes how they are encoded). Layout
 * details that only matter at run time (opaque objects, reserved members of
 * the newest WDKs) are not reproduced.
 */
#ifndef __FLTKERNEL__
#define __FLTKERNEL__

#include <ntifs.h>

#ifndef FLTAPI
#define FLTAPI NTAPI
#endif

#ifndef FlagOn
#define FlagOn(_F, _SF) ((_F) & (_SF))
#endif
#ifndef BooleanFlagOn
#define BooleanFlagOn(F, SF) ((BOOLEAN)(((F) & (SF)) != 0))
#endif
#ifndef SetFlag
#define SetFlag(_F, _SF) ((_F) |= (_SF))
#endif
#ifndef ClearFlag
#define ClearFlag(_F, _SF) ((_F) &= ~(_SF))
#endif

#ifndef FLT_ASSERT
#define FLT_ASSERT(_e) NT_ASSERT(_e)
#endif

#ifndef _Flt_CompletionContext_Outptr_
#define _Flt_CompletionContext_Outptr_
#endif
#ifndef _Flt_ConnectionCookie_Outptr_
#define _Flt_ConnectionCookie_Outptr_
#endif

/* ---------------------------------------------------------------- objects */
typedef struct _FLT_FILTER *PFLT_FILTER;
typedef struct _FLT_VOLUME *PFLT_VOLUME;
typedef struct _FLT_INSTANCE *PFLT_INSTANCE;
typedef struct _FLT_PORT *PFLT_PORT;
typedef PVOID PFLT_CONTEXT;
typedef struct _KTRANSACTION *PKTRANSACTION;

#define NULL_CONTEXT ((PFLT_CONTEXT)NULL)

/* Filter Manager's own major codes for non-IRP operations. */
#define IRP_MJ_ACQUIRE_FOR_SECTION_SYNCHRONIZATION ((UCHAR)-1)
#define IRP_MJ_RELEASE_FOR_SECTION_SYNCHRONIZATION ((UCHAR)-2)
#define IRP_MJ_ACQUIRE_FOR_MOD_WRITE               ((UCHAR)-3)
#define IRP_MJ_RELEASE_FOR_MOD_WRITE               ((UCHAR)-4)
#define IRP_MJ_ACQUIRE_FOR_CC_FLUSH                ((UCHAR)-5)
#define IRP_MJ_RELEASE_FOR_CC_FLUSH                ((UCHAR)-6)
#define IRP_MJ_QUERY_OPEN                          ((UCHAR)-7)
#define IRP_MJ_FAST_IO_CHECK_IF_POSSIBLE           ((UCHAR)-13)
#define IRP_MJ_NETWORK_QUERY_OPEN                  ((UCHAR)-14)
#define IRP_MJ_MDL_READ                            ((UCHAR)-15)
#define IRP_MJ_MDL_READ_COMPLETE                   ((UCHAR)-16)
#define IRP_MJ_PREPARE_MDL_WRITE                   ((UCHAR)-17)
#define IRP_MJ_MDL_WRITE_COMPLETE                  ((UCHAR)-18)
#define IRP_MJ_VOLUME_MOUNT                        ((UCHAR)-19)
#define IRP_MJ_VOLUME_DISMOUNT                     ((UCHAR)-20)
#define IRP_MJ_OPERATION_END                       ((UCHAR)0x80)

/* --------------------------------------------------------------- contexts */
typedef USHORT FLT_CONTEXT_TYPE;
#define FLT_VOLUME_CONTEXT       0x0001
#define FLT_INSTANCE_CONTEXT     0x0002
#define FLT_FILE_CONTEXT         0x0004
#define FLT_STREAM_CONTEXT       0x0008
#define FLT_STREAMHANDLE_CONTEXT 0x0010
#define FLT_TRANSACTION_CONTEXT  0x0020
#define FLT_SECTION_CONTEXT      0x0040
#define FLT_CONTEXT_END          0xffff
#define FLT_ALL_CONTEXTS (FLT_VOLUME_CONTEXT | FLT_INSTANCE_CONTEXT | FLT_FILE_CONTEXT | \
                          FLT_STREAM_CONTEXT | FLT_STREAMHANDLE_CONTEXT | \
                          FLT_TRANSACTION_CONTEXT | FLT_SECTION_CONTEXT)

typedef enum _FLT_SET_CONTEXT_OPERATION {
  FLT_SET_CONTEXT_REPLACE_IF_EXISTS,
  FLT_SET_CONTEXT_KEEP_IF_EXISTS
} FLT_SET_CONTEXT_OPERATION, *PFLT_SET_CONTEXT_OPERATION;

typedef struct _FLT_RELATED_OBJECTS {
  USHORT CONST Size;
  USHORT CONST TransactionContext;
  PFLT_FILTER CONST Filter;
  PFLT_VOLUME CONST Volume;
  PFLT_INSTANCE CONST Instance;
  PFILE_OBJECT CONST FileObject;
  PKTRANSACTION CONST Transaction;
} FLT_RELATED_OBJECTS, *PFLT_RELATED_OBJECTS;
typedef CONST struct _FLT_RELATED_OBJECTS *PCFLT_RELATED_OBJECTS;

typedef struct _FLT_RELATED_CONTEXTS {
  PFLT_CONTEXT VolumeContext;
  PFLT_CONTEXT InstanceContext;
  PFLT_CONTEXT FileContext;
  PFLT_CONTEXT StreamContext;
  PFLT_CONTEXT StreamHandleContext;
  PFLT_CONTEXT TransactionContext;
} FLT_RELATED_CONTEXTS, *PFLT_RELATED_CONTEXTS;

/* ------------------------------------------------------------- parameters */
typedef union _FLT_PARAMETERS {
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT FileAttributes;
    USHORT ShareAccess;
    ULONG POINTER_ALIGNMENT EaLength;
    PVOID EaBuffer;
    LARGE_INTEGER AllocationSize;
  } Create;
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT Reserved;
    USHORT ShareAccess;
    PVOID Parameters;
  } CreatePipe;
  struct {
    PIO_SECURITY_CONTEXT SecurityContext;
    ULONG Options;
    USHORT POINTER_ALIGNMENT Reserved;
    USHORT ShareAccess;
    PVOID Parameters;
  } CreateMailslot;
  struct {
    ULONG Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PVOID ReadBuffer;
    PMDL MdlAddress;
  } Read;
  struct {
    ULONG Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PVOID WriteBuffer;
    PMDL MdlAddress;
  } Write;
  struct {
    ULONG Length;
    FILE_INFORMATION_CLASS POINTER_ALIGNMENT FileInformationClass;
    PVOID InfoBuffer;
  } QueryFileInformation;
  struct {
    ULONG Length;
    FILE_INFORMATION_CLASS POINTER_ALIGNMENT FileInformationClass;
    PFILE_OBJECT ParentOfTarget;
    _ANONYMOUS_UNION union {
      _ANONYMOUS_STRUCT struct {
        BOOLEAN ReplaceIfExists;
        BOOLEAN AdvanceOnly;
      } DUMMYSTRUCTNAME;
      ULONG ClusterCount;
      HANDLE DeleteHandle;
    } DUMMYUNIONNAME;
    PVOID InfoBuffer;
  } SetFileInformation;
  struct {
    ULONG Length;
    PVOID EaList;
    ULONG EaListLength;
    ULONG POINTER_ALIGNMENT EaIndex;
    PVOID EaBuffer;
    PMDL MdlAddress;
  } QueryEa;
  struct {
    ULONG Length;
    PVOID EaBuffer;
    PMDL MdlAddress;
  } SetEa;
  struct {
    ULONG Length;
    FS_INFORMATION_CLASS POINTER_ALIGNMENT FsInformationClass;
    PVOID VolumeBuffer;
  } QueryVolumeInformation;
  struct {
    ULONG Length;
    FS_INFORMATION_CLASS POINTER_ALIGNMENT FsInformationClass;
    PVOID VolumeBuffer;
  } SetVolumeInformation;
  union {
    struct {
      ULONG Length;
      PUNICODE_STRING FileName;
      FILE_INFORMATION_CLASS FileInformationClass;
      ULONG POINTER_ALIGNMENT FileIndex;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } QueryDirectory;
    struct {
      ULONG Length;
      ULONG POINTER_ALIGNMENT CompletionFilter;
      ULONG POINTER_ALIGNMENT Spare1;
      ULONG POINTER_ALIGNMENT Spare2;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } NotifyDirectory;
    struct {
      ULONG Length;
      ULONG POINTER_ALIGNMENT CompletionFilter;
      DIRECTORY_NOTIFY_INFORMATION_CLASS POINTER_ALIGNMENT DirectoryNotifyInformationClass;
      ULONG POINTER_ALIGNMENT Spare2;
      PVOID DirectoryBuffer;
      PMDL MdlAddress;
    } NotifyDirectoryEx;
  } DirectoryControl;
  union {
    struct {
      PVPB Vpb;
      PDEVICE_OBJECT DeviceObject;
    } VerifyVolume;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
    } Common;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Neither;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID SystemBuffer;
    } Buffered;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT FsControlCode;
      PVOID InputSystemBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Direct;
  } FileSystemControl;
  union {
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
    } Common;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Neither;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID SystemBuffer;
    } Buffered;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputSystemBuffer;
      PVOID OutputBuffer;
      PMDL OutputMdlAddress;
    } Direct;
    struct {
      ULONG OutputBufferLength;
      ULONG POINTER_ALIGNMENT InputBufferLength;
      ULONG POINTER_ALIGNMENT IoControlCode;
      PVOID InputBuffer;
      PVOID OutputBuffer;
    } FastIo;
  } DeviceIoControl;
  struct {
    PLARGE_INTEGER Length;
    ULONG POINTER_ALIGNMENT Key;
    LARGE_INTEGER ByteOffset;
    PEPROCESS ProcessId;
    BOOLEAN FailImmediately;
    BOOLEAN ExclusiveLock;
  } LockControl;
  struct {
    SECURITY_INFORMATION SecurityInformation;
    ULONG POINTER_ALIGNMENT Length;
    PVOID SecurityBuffer;
    PMDL MdlAddress;
  } QuerySecurity;
  struct {
    SECURITY_INFORMATION SecurityInformation;
    PSECURITY_DESCRIPTOR SecurityDescriptor;
  } SetSecurity;
  struct {
    ULONG_PTR ProviderId;
    PVOID DataPath;
    ULONG BufferSize;
    PVOID Buffer;
  } WMI;
  struct {
    ULONG Length;
    PSID StartSid;
    PFILE_GET_QUOTA_INFORMATION SidList;
    ULONG SidListLength;
    PVOID QuotaBuffer;
    PMDL MdlAddress;
  } QueryQuota;
  struct {
    ULONG Length;
    PVOID QuotaBuffer;
    PMDL MdlAddress;
  } SetQuota;
  union {
    struct {
      PCM_RESOURCE_LIST AllocatedResources;
      PCM_RESOURCE_LIST AllocatedResourcesTranslated;
    } StartDevice;
    struct {
      DEVICE_RELATION_TYPE Type;
    } QueryDeviceRelations;
    struct {
      CONST GUID *InterfaceType;
      USHORT Size;
      USHORT Version;
      PINTERFACE Interface;
      PVOID InterfaceSpecificData;
    } QueryInterface;
    struct {
      PDEVICE_CAPABILITIES Capabilities;
    } DeviceCapabilities;
    struct {
      PIO_RESOURCE_REQUIREMENTS_LIST IoResourceRequirementList;
    } FilterResourceRequirements;
    struct {
      ULONG WhichSpace;
      PVOID Buffer;
      ULONG Offset;
      ULONG POINTER_ALIGNMENT Length;
    } ReadWriteConfig;
    struct {
      BOOLEAN Lock;
    } SetLock;
    struct {
      BUS_QUERY_ID_TYPE IdType;
    } QueryId;
    struct {
      DEVICE_TEXT_TYPE DeviceTextType;
      LCID POINTER_ALIGNMENT LocaleId;
    } QueryDeviceText;
    struct {
      BOOLEAN InPath;
      BOOLEAN Reserved[3];
      DEVICE_USAGE_NOTIFICATION_TYPE POINTER_ALIGNMENT Type;
    } UsageNotification;
  } Pnp;
  struct {
    FS_FILTER_SECTION_SYNC_TYPE SyncType;
    ULONG PageProtection;
  } AcquireForSectionSynchronization;
  struct {
    PLARGE_INTEGER EndingOffset;
    PERESOURCE *ResourceToRelease;
  } AcquireForModifiedPageWriter;
  struct {
    PERESOURCE ResourceToRelease;
  } ReleaseForModifiedPageWriter;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG Length;
    ULONG POINTER_ALIGNMENT LockKey;
    BOOLEAN POINTER_ALIGNMENT CheckForReadOperation;
  } FastIoCheckIfPossible;
  struct {
    PIRP Irp;
    PFILE_NETWORK_OPEN_INFORMATION NetworkInformation;
  } NetworkQueryOpen;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG POINTER_ALIGNMENT Length;
    ULONG POINTER_ALIGNMENT Key;
    PMDL *MdlChain;
  } MdlRead;
  struct {
    PMDL MdlChain;
  } MdlReadComplete;
  struct {
    LARGE_INTEGER FileOffset;
    ULONG POINTER_ALIGNMENT Length;
    ULONG POINTER_ALIGNMENT Key;
    PMDL *MdlChain;
  } PrepareMdlWrite;
  struct {
    LARGE_INTEGER FileOffset;
    PMDL MdlChain;
  } MdlWriteComplete;
  struct {
    ULONG DeviceType;
  } MountVolume;
  struct {
    PVOID Argument1;
    PVOID Argument2;
    PVOID Argument3;
    PVOID Argument4;
    PVOID Argument5;
    LARGE_INTEGER Argument6;
  } Others;
} FLT_PARAMETERS, *PFLT_PARAMETERS;

typedef struct _FLT_IO_PARAMETER_BLOCK {
  ULONG IrpFlags;
  UCHAR MajorFunction;
  UCHAR MinorFunction;
  UCHAR OperationFlags;
  UCHAR Reserved;
  PFILE_OBJECT TargetFileObject;
  PFLT_INSTANCE TargetInstance;
  FLT_PARAMETERS Parameters;
} FLT_IO_PARAMETER_BLOCK, *PFLT_IO_PARAMETER_BLOCK;

/* ---------------------------------------------------------- callback data */
typedef ULONG FLT_CALLBACK_DATA_FLAGS;
#define FLTFL_CALLBACK_DATA_REISSUE_MASK        0x0000FFFF
#define FLTFL_CALLBACK_DATA_IRP_OPERATION       0x00000001
#define FLTFL_CALLBACK_DATA_FAST_IO_OPERATION   0x00000002
#define FLTFL_CALLBACK_DATA_FS_FILTER_OPERATION 0x00000004
#define FLTFL_CALLBACK_DATA_SYSTEM_BUFFER       0x00000008
#define FLTFL_CALLBACK_DATA_GENERATED_IO        0x00010000
#define FLTFL_CALLBACK_DATA_REISSUED_IO         0x00020000
#define FLTFL_CALLBACK_DATA_DRAINING_IO         0x00040000
#define FLTFL_CALLBACK_DATA_POST_OPERATION      0x00080000
#define FLTFL_CALLBACK_DATA_NEW_SYSTEM_BUFFER   0x00100000
#define FLTFL_CALLBACK_DATA_DIRTY               0x80000000

typedef struct _FLT_CALLBACK_DATA {
  FLT_CALLBACK_DATA_FLAGS Flags;
  PETHREAD CONST Thread;
  PFLT_IO_PARAMETER_BLOCK CONST Iopb;
  IO_STATUS_BLOCK IoStatus;
  struct _FLT_TAG_DATA_BUFFER *TagData;
  _ANONYMOUS_UNION union {
    _ANONYMOUS_STRUCT struct {
      LIST_ENTRY QueueLinks;
      PVOID QueueContext[2];
    } DUMMYSTRUCTNAME;
    PVOID FilterContext[4];
  } DUMMYUNIONNAME;
  KPROCESSOR_MODE RequestorMode;
} FLT_CALLBACK_DATA, *PFLT_CALLBACK_DATA;

#define FLT_IS_IRP_OPERATION(Data)       (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_IRP_OPERATION))
#define FLT_IS_FASTIO_OPERATION(Data)    (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_FAST_IO_OPERATION))
#define FLT_IS_FS_FILTER_OPERATION(Data) (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_FS_FILTER_OPERATION))
#define FLT_IS_REISSUED_IO(Data)         (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_REISSUED_IO))
#define FLT_IS_SYSTEM_BUFFER(Data)       (FlagOn((Data)->Flags, FLTFL_CALLBACK_DATA_SYSTEM_BUFFER))

/* ------------------------------------------------------ operation callbacks */
typedef enum _FLT_PREOP_CALLBACK_STATUS {
  FLT_PREOP_SUCCESS_WITH_CALLBACK,
  FLT_PREOP_SUCCESS_NO_CALLBACK,
  FLT_PREOP_PENDING,
  FLT_PREOP_DISALLOW_FASTIO,
  FLT_PREOP_COMPLETE,
  FLT_PREOP_SYNCHRONIZE,
  FLT_PREOP_DISALLOW_FSFILTER_IO
} FLT_PREOP_CALLBACK_STATUS, *PFLT_PREOP_CALLBACK_STATUS;

typedef enum _FLT_POSTOP_CALLBACK_STATUS {
  FLT_POSTOP_FINISHED_PROCESSING,
  FLT_POSTOP_MORE_PROCESSING_REQUIRED,
  FLT_POSTOP_DISALLOW_FSFILTER_IO
} FLT_POSTOP_CALLBACK_STATUS, *PFLT_POSTOP_CALLBACK_STATUS;

typedef ULONG FLT_POST_OPERATION_FLAGS;
#define FLTFL_POST_OPERATION_DRAINING 0x00000001

typedef _Function_class_(FLT_PRE_OPERATION_CALLBACK) _IRQL_requires_max_(APC_LEVEL)
FLT_PREOP_CALLBACK_STATUS (FLTAPI FLT_PRE_OPERATION_CALLBACK)(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
typedef _IRQL_requires_max_(APC_LEVEL)
FLT_PREOP_CALLBACK_STATUS (FLTAPI *PFLT_PRE_OPERATION_CALLBACK)(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

typedef _Function_class_(FLT_POST_OPERATION_CALLBACK) _IRQL_requires_max_(DISPATCH_LEVEL)
FLT_POSTOP_CALLBACK_STATUS (FLTAPI FLT_POST_OPERATION_CALLBACK)(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
typedef _IRQL_requires_max_(DISPATCH_LEVEL)
FLT_POSTOP_CALLBACK_STATUS (FLTAPI *PFLT_POST_OPERATION_CALLBACK)(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

typedef ULONG FLT_OPERATION_REGISTRATION_FLAGS;
#define FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO               0x00000001
#define FLTFL_OPERATION_REGISTRATION_SKIP_CACHED_IO               0x00000002
#define FLTFL_OPERATION_REGISTRATION_SKIP_NON_DASD_IO             0x00000004
#define FLTFL_OPERATION_REGISTRATION_SKIP_NON_CACHED_NON_PAGING_IO 0x00000008

typedef struct _FLT_OPERATION_REGISTRATION {
  UCHAR MajorFunction;
  FLT_OPERATION_REGISTRATION_FLAGS Flags;
  PFLT_PRE_OPERATION_CALLBACK PreOperation;
  PFLT_POST_OPERATION_CALLBACK PostOperation;
  PVOID Reserved1;
} FLT_OPERATION_REGISTRATION, *PFLT_OPERATION_REGISTRATION;

/* ------------------------------------------------------- file names */
typedef ULONG FLT_FILE_NAME_OPTIONS;
#define FLT_VALID_FILE_NAME_FORMATS                 0x000000ff
#define FLT_FILE_NAME_NORMALIZED                    0x01
#define FLT_FILE_NAME_OPENED                        0x02
#define FLT_FILE_NAME_SHORT                         0x03
#define FLT_VALID_FILE_NAME_QUERY_METHODS           0x0000ff00
#define FLT_FILE_NAME_QUERY_DEFAULT                 0x0100
#define FLT_FILE_NAME_QUERY_CACHE_ONLY              0x0200
#define FLT_FILE_NAME_QUERY_FILESYSTEM_ONLY         0x0300
#define FLT_FILE_NAME_QUERY_ALWAYS_ALLOW_CACHE_LOOKUP 0x0400
#define FLT_FILE_NAME_REQUEST_FROM_CURRENT_PROVIDER 0x01000000
#define FLT_FILE_NAME_DO_NOT_CACHE                  0x02000000
#define FLT_FILE_NAME_ALLOW_QUERY_ON_REPARSE        0x04000000

typedef USHORT FLT_FILE_NAME_PARSED_FLAGS;
#define FLTFL_FILE_NAME_PARSED_FINAL_COMPONENT 0x0001
#define FLTFL_FILE_NAME_PARSED_EXTENSION       0x0002
#define FLTFL_FILE_NAME_PARSED_STREAM          0x0004
#define FLTFL_FILE_NAME_PARSED_PARENT_DIR      0x0008

typedef struct _FLT_FILE_NAME_INFORMATION {
  USHORT Size;
  FLT_FILE_NAME_PARSED_FLAGS NamesParsed;
  FLT_FILE_NAME_OPTIONS Format;
  UNICODE_STRING Name;
  UNICODE_STRING Volume;
  UNICODE_STRING Share;
  UNICODE_STRING Extension;
  UNICODE_STRING Stream;
  UNICODE_STRING FinalComponent;
  UNICODE_STRING ParentDir;
} FLT_FILE_NAME_INFORMATION, *PFLT_FILE_NAME_INFORMATION;

typedef struct _FLT_NAME_CONTROL {
  UNICODE_STRING Name;
} FLT_NAME_CONTROL, *PFLT_NAME_CONTROL;

typedef ULONG FLT_NORMALIZE_NAME_FLAGS;
#define FLTFL_NORMALIZE_NAME_CASE_SENSITIVE        0x01
#define FLTFL_NORMALIZE_NAME_DESTINATION_FILE_NAME 0x02

/* ----------------------------------------------------------- registration */
typedef enum _FLT_FILESYSTEM_TYPE {
  FLT_FSTYPE_UNKNOWN, FLT_FSTYPE_RAW, FLT_FSTYPE_NTFS, FLT_FSTYPE_FAT, FLT_FSTYPE_CDFS,
  FLT_FSTYPE_UDFS, FLT_FSTYPE_LANMAN, FLT_FSTYPE_WEBDAV, FLT_FSTYPE_RDPDR, FLT_FSTYPE_NFS,
  FLT_FSTYPE_MS_NETWARE, FLT_FSTYPE_NETWARE, FLT_FSTYPE_BSUDF, FLT_FSTYPE_MUP,
  FLT_FSTYPE_RSFX, FLT_FSTYPE_ROXIO_UDF1, FLT_FSTYPE_ROXIO_UDF2, FLT_FSTYPE_ROXIO_UDF3,
  FLT_FSTYPE_TACIT, FLT_FSTYPE_FS_REC, FLT_FSTYPE_INCD, FLT_FSTYPE_INCD_FAT,
  FLT_FSTYPE_EXFAT, FLT_FSTYPE_PSFS, FLT_FSTYPE_GPFS, FLT_FSTYPE_NPFS, FLT_FSTYPE_MSFS,
  FLT_FSTYPE_CSVFS, FLT_FSTYPE_REFS, FLT_FSTYPE_OPENAFS, FLT_FSTYPE_CIMFS
} FLT_FILESYSTEM_TYPE, *PFLT_FILESYSTEM_TYPE;

typedef VOID (FLTAPI *PFLT_CONTEXT_CLEANUP_CALLBACK)(_In_ PFLT_CONTEXT Context,
                                                     _In_ FLT_CONTEXT_TYPE ContextType);
typedef PVOID (FLTAPI *PFLT_CONTEXT_ALLOCATE_CALLBACK)(_In_ POOL_TYPE PoolType, _In_ SIZE_T Size,
                                                       _In_ FLT_CONTEXT_TYPE ContextType);
typedef VOID (FLTAPI *PFLT_CONTEXT_FREE_CALLBACK)(_In_ PVOID Pool, _In_ FLT_CONTEXT_TYPE ContextType);

typedef USHORT FLT_CONTEXT_REGISTRATION_FLAGS;
#define FLTFL_CONTEXT_REGISTRATION_NO_EXACT_SIZE_MATCH 0x0001
#define FLT_VARIABLE_SIZED_CONTEXTS ((SIZE_T)-1)

typedef struct _FLT_CONTEXT_REGISTRATION {
  FLT_CONTEXT_TYPE ContextType;
  FLT_CONTEXT_REGISTRATION_FLAGS Flags;
  PFLT_CONTEXT_CLEANUP_CALLBACK ContextCleanupCallback;
  SIZE_T Size;
  ULONG PoolTag;
  PFLT_CONTEXT_ALLOCATE_CALLBACK ContextAllocateCallback;
  PFLT_CONTEXT_FREE_CALLBACK ContextFreeCallback;
  PVOID Reserved1;
} FLT_CONTEXT_REGISTRATION, *PFLT_CONTEXT_REGISTRATION;
typedef CONST FLT_CONTEXT_REGISTRATION *PCFLT_CONTEXT_REGISTRATION;

typedef ULONG FLT_FILTER_UNLOAD_FLAGS;
#define FLTFL_FILTER_UNLOAD_MANDATORY 0x00000001
typedef ULONG FLT_INSTANCE_SETUP_FLAGS;
#define FLTFL_INSTANCE_SETUP_AUTOMATIC_ATTACHMENT 0x00000001
#define FLTFL_INSTANCE_SETUP_MANUAL_ATTACHMENT    0x00000002
#define FLTFL_INSTANCE_SETUP_NEWLY_MOUNTED_VOLUME 0x00000004
#define FLTFL_INSTANCE_SETUP_DETACHED_VOLUME      0x00000008
typedef ULONG FLT_INSTANCE_QUERY_TEARDOWN_FLAGS;
typedef ULONG FLT_INSTANCE_TEARDOWN_FLAGS;
#define FLTFL_INSTANCE_TEARDOWN_MANUAL                  0x00000001
#define FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD           0x00000002
#define FLTFL_INSTANCE_TEARDOWN_MANDATORY_FILTER_UNLOAD 0x00000004
#define FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT         0x00000008
#define FLTFL_INSTANCE_TEARDOWN_INTERNAL_ERROR          0x00000010

typedef NTSTATUS (FLTAPI *PFLT_FILTER_UNLOAD_CALLBACK)(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
typedef NTSTATUS (FLTAPI *PFLT_INSTANCE_SETUP_CALLBACK)(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
typedef NTSTATUS (FLTAPI *PFLT_INSTANCE_QUERY_TEARDOWN_CALLBACK)(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
typedef VOID (FLTAPI *PFLT_INSTANCE_TEARDOWN_CALLBACK)(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_TEARDOWN_FLAGS Reason);
typedef NTSTATUS (FLTAPI *PFLT_GENERATE_FILE_NAME)(
    _In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
    _In_opt_ PFLT_CALLBACK_DATA CallbackData, _In_ FLT_FILE_NAME_OPTIONS NameOptions,
    _Out_ PBOOLEAN CacheFileNameInformation, _Inout_ PFLT_NAME_CONTROL FileName);
typedef NTSTATUS (FLTAPI *PFLT_NORMALIZE_NAME_COMPONENT)(
    _In_ PFLT_INSTANCE Instance, _In_ PCUNICODE_STRING ParentDirectory,
    _In_ USHORT VolumeNameLength, _In_ PCUNICODE_STRING Component,
    _Out_writes_bytes_(ExpandComponentNameLength) PFILE_NAMES_INFORMATION ExpandComponentName,
    _In_ ULONG ExpandComponentNameLength, _In_ FLT_NORMALIZE_NAME_FLAGS Flags,
    _Inout_ PVOID *NormalizationContext);
typedef NTSTATUS (FLTAPI *PFLT_NORMALIZE_NAME_COMPONENT_EX)(
    _In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
    _In_ PCUNICODE_STRING ParentDirectory, _In_ USHORT VolumeNameLength,
    _In_ PCUNICODE_STRING Component,
    _Out_writes_bytes_(ExpandComponentNameLength) PFILE_NAMES_INFORMATION ExpandComponentName,
    _In_ ULONG ExpandComponentNameLength, _In_ FLT_NORMALIZE_NAME_FLAGS Flags,
    _Inout_ PVOID *NormalizationContext);
typedef VOID (FLTAPI *PFLT_NORMALIZE_CONTEXT_CLEANUP)(_In_opt_ PVOID *NormalizationContext);
typedef NTSTATUS (FLTAPI *PFLT_TRANSACTION_NOTIFICATION_CALLBACK)(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ PFLT_CONTEXT TransactionContext,
    _In_ ULONG NotificationMask);
typedef NTSTATUS (FLTAPI *PFLT_SECTION_CONFLICT_NOTIFICATION_CALLBACK)(
    _In_ PFLT_INSTANCE Instance, _In_ PFLT_CONTEXT SectionContext,
    _In_ PFLT_CALLBACK_DATA Data);

typedef ULONG FLT_REGISTRATION_FLAGS;
#define FLTFL_REGISTRATION_DO_NOT_SUPPORT_SERVICE_STOP 0x00000001
#define FLTFL_REGISTRATION_SUPPORT_NPFS_MSFS           0x00000002
#define FLTFL_REGISTRATION_SUPPORT_DAX_VOLUME          0x00000004
#define FLTFL_REGISTRATION_SUPPORT_WCOS                0x00000008

#define FLT_REGISTRATION_VERSION_0200 0x0200
#define FLT_REGISTRATION_VERSION_0201 0x0201
#define FLT_REGISTRATION_VERSION_0202 0x0202
#define FLT_REGISTRATION_VERSION_0203 0x0203
#define FLT_REGISTRATION_VERSION FLT_REGISTRATION_VERSION_0203

typedef struct _FLT_REGISTRATION {
  USHORT Size;
  USHORT Version;
  FLT_REGISTRATION_FLAGS Flags;
  CONST FLT_CONTEXT_REGISTRATION *ContextRegistration;
  CONST FLT_OPERATION_REGISTRATION *OperationRegistration;
  PFLT_FILTER_UNLOAD_CALLBACK FilterUnloadCallback;
  PFLT_INSTANCE_SETUP_CALLBACK InstanceSetupCallback;
  PFLT_INSTANCE_QUERY_TEARDOWN_CALLBACK InstanceQueryTeardownCallback;
  PFLT_INSTANCE_TEARDOWN_CALLBACK InstanceTeardownStartCallback;
  PFLT_INSTANCE_TEARDOWN_CALLBACK InstanceTeardownCompleteCallback;
  PFLT_GENERATE_FILE_NAME GenerateFileNameCallback;
  PFLT_NORMALIZE_NAME_COMPONENT NormalizeNameComponentCallback;
  PFLT_NORMALIZE_CONTEXT_CLEANUP NormalizeContextCleanupCallback;
  PFLT_TRANSACTION_NOTIFICATION_CALLBACK TransactionNotificationCallback;
  PFLT_NORMALIZE_NAME_COMPONENT_EX NormalizeNameComponentExCallback;
  PFLT_SECTION_CONFLICT_NOTIFICATION_CALLBACK SectionNotificationCallback;
} FLT_REGISTRATION, *PFLT_REGISTRATION;

/* ------------------------------------------------------------ other types */
typedef struct _FLT_VOLUME_PROPERTIES {
  DEVICE_TYPE DeviceType;
  ULONG DeviceCharacteristics;
  ULONG DeviceObjectFlags;
  ULONG AlignmentRequirement;
  USHORT SectorSize;
  USHORT Flags;
  UNICODE_STRING FileSystemDriverName;
  UNICODE_STRING FileSystemDeviceName;
  UNICODE_STRING RealDeviceName;
} FLT_VOLUME_PROPERTIES, *PFLT_VOLUME_PROPERTIES;

typedef struct _FLT_DEFERRED_IO_WORKITEM *PFLT_DEFERRED_IO_WORKITEM;
typedef struct _FLT_GENERIC_WORKITEM *PFLT_GENERIC_WORKITEM;
typedef VOID (FLTAPI *PFLT_DEFERRED_IO_WORKITEM_ROUTINE)(
    _In_ PFLT_DEFERRED_IO_WORKITEM FltWorkItem, _In_ PFLT_CALLBACK_DATA CallbackData,
    _In_opt_ PVOID Context);
typedef VOID (FLTAPI *PFLT_GENERIC_WORKITEM_ROUTINE)(
    _In_ PFLT_GENERIC_WORKITEM FltWorkItem, _In_ PVOID FltObject, _In_opt_ PVOID Context);

typedef VOID (FLTAPI *PFLT_COMPLETED_ASYNC_IO_CALLBACK)(_In_ PFLT_CALLBACK_DATA CallbackData,
                                                        _In_ PFLT_CONTEXT Context);
typedef ULONG FLT_IO_OPERATION_FLAGS;
#define FLTFL_IO_OPERATION_NON_CACHED                0x00000001
#define FLTFL_IO_OPERATION_PAGING                    0x00000002
#define FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET 0x00000004
#define FLTFL_IO_OPERATION_SYNCHRONOUS_PAGING        0x00000008

#define FLT_PORT_CONNECT    0x0001
#define FLT_PORT_ALL_ACCESS (FLT_PORT_CONNECT | STANDARD_RIGHTS_ALL)

typedef NTSTATUS (FLTAPI *PFLT_CONNECT_NOTIFY)(
    _In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
    _Flt_ConnectionCookie_Outptr_ PVOID *ConnectionPortCookie);
typedef VOID (FLTAPI *PFLT_DISCONNECT_NOTIFY)(_In_opt_ PVOID ConnectionCookie);
typedef NTSTATUS (FLTAPI *PFLT_MESSAGE_NOTIFY)(
    _In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength);

/* --------------------------------------------------------------- routines */
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltRegisterFilter(_In_ PDRIVER_OBJECT Driver,
                                  _In_ CONST FLT_REGISTRATION *Registration,
                                  _Outptr_ PFLT_FILTER *RetFilter);
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID FLTAPI FltUnregisterFilter(_In_ PFLT_FILTER Filter);
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltStartFiltering(_In_ PFLT_FILTER Filter);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltDecodeParameters(_In_ PFLT_CALLBACK_DATA CallbackData,
                                    _Outptr_opt_result_maybenull_ PMDL **MdlAddressPointer,
                                    _Outptr_opt_result_bytebuffer_(**Length) PVOID **Buffer,
                                    _Outptr_opt_result_maybenull_ PULONG *Length,
                                    _Out_opt_ LOCK_OPERATION *DesiredAccess);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltLockUserBuffer(_In_ PFLT_CALLBACK_DATA CallbackData);
_IRQL_requires_max_(DISPATCH_LEVEL)
BOOLEAN FLTAPI FltDoCompletionProcessingWhenSafe(
    _In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags,
    _In_ PFLT_POST_OPERATION_CALLBACK SafePostCallback,
    _Out_ PFLT_POSTOP_CALLBACK_STATUS RetPostOperationStatus);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltSetCallbackDataDirty(_Inout_ PFLT_CALLBACK_DATA Data);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltClearCallbackDataDirty(_Inout_ PFLT_CALLBACK_DATA Data);
_IRQL_requires_max_(DISPATCH_LEVEL)
BOOLEAN FLTAPI FltIsCallbackDataDirty(_In_ PFLT_CALLBACK_DATA Data);
_IRQL_requires_max_(DISPATCH_LEVEL)
BOOLEAN FLTAPI FltIsOperationSynchronous(_In_ PFLT_CALLBACK_DATA CallbackData);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltCompletePendedPreOperation(_In_ PFLT_CALLBACK_DATA CallbackData,
                                          _In_ FLT_PREOP_CALLBACK_STATUS CallbackStatus,
                                          _In_opt_ PVOID Context);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltCompletePendedPostOperation(_In_ PFLT_CALLBACK_DATA CallbackData);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltReissueSynchronousIo(_In_ PFLT_INSTANCE InitiatingInstance,
                                    _In_ PFLT_CALLBACK_DATA CallbackData);

/* The WDK bounds these by pool type with _When_ (paged: APC_LEVEL); the plain
   bound is the non-paged one. */
_Must_inspect_result_ _IRQL_requires_max_(DISPATCH_LEVEL)
_When_(PoolType == PagedPool, _IRQL_requires_max_(APC_LEVEL))
PVOID FLTAPI FltAllocatePoolAlignedWithTag(_In_ PFLT_INSTANCE Instance, _In_ POOL_TYPE PoolType,
                                           _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltFreePoolAlignedWithTag(_In_ PFLT_INSTANCE Instance, _In_ PVOID Buffer,
                                      _In_ ULONG Tag);

_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetFileNameInformation(_In_ PFLT_CALLBACK_DATA CallbackData,
                                          _In_ FLT_FILE_NAME_OPTIONS NameOptions,
                                          _Outptr_ PFLT_FILE_NAME_INFORMATION *FileNameInformation);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetFileNameInformationUnsafe(
    _In_ PFILE_OBJECT FileObject, _In_opt_ PFLT_INSTANCE Instance,
    _In_ FLT_FILE_NAME_OPTIONS NameOptions,
    _Outptr_ PFLT_FILE_NAME_INFORMATION *FileNameInformation);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltReleaseFileNameInformation(_In_ PFLT_FILE_NAME_INFORMATION FileNameInformation);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltReferenceFileNameInformation(_In_ PFLT_FILE_NAME_INFORMATION FileNameInformation);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltParseFileNameInformation(_Inout_ PFLT_FILE_NAME_INFORMATION FileNameInformation);

_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltAllocateContext(_In_ PFLT_FILTER Filter, _In_ FLT_CONTEXT_TYPE ContextType,
                                   _In_ SIZE_T ContextSize, _In_ POOL_TYPE PoolType,
                                   _Outptr_result_bytebuffer_(ContextSize) PFLT_CONTEXT *ReturnedContext);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltReferenceContext(_In_ PFLT_CONTEXT Context);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltReleaseContext(_In_ PFLT_CONTEXT Context);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltDeleteContext(_In_ PFLT_CONTEXT Context);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetVolumeContext(_In_ PFLT_FILTER Filter, _In_ PFLT_VOLUME Volume,
                                    _Outptr_ PFLT_CONTEXT *Context);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltSetVolumeContext(_In_ PFLT_VOLUME Volume, _In_ FLT_SET_CONTEXT_OPERATION Operation,
                                    _In_ PFLT_CONTEXT NewContext,
                                    _Outptr_opt_result_maybenull_ PFLT_CONTEXT *OldContext);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetInstanceContext(_In_ PFLT_INSTANCE Instance, _Outptr_ PFLT_CONTEXT *Context);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltSetInstanceContext(_In_ PFLT_INSTANCE Instance,
                                      _In_ FLT_SET_CONTEXT_OPERATION Operation,
                                      _In_ PFLT_CONTEXT NewContext,
                                      _Outptr_opt_result_maybenull_ PFLT_CONTEXT *OldContext);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetStreamContext(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
                                    _Outptr_ PFLT_CONTEXT *Context);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltSetStreamContext(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
                                    _In_ FLT_SET_CONTEXT_OPERATION Operation,
                                    _In_ PFLT_CONTEXT NewContext,
                                    _Outptr_opt_result_maybenull_ PFLT_CONTEXT *OldContext);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetStreamHandleContext(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
                                          _Outptr_ PFLT_CONTEXT *Context);
_IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltSetStreamHandleContext(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
                                          _In_ FLT_SET_CONTEXT_OPERATION Operation,
                                          _In_ PFLT_CONTEXT NewContext,
                                          _Outptr_opt_result_maybenull_ PFLT_CONTEXT *OldContext);

_IRQL_requires_max_(DISPATCH_LEVEL)
PFLT_DEFERRED_IO_WORKITEM FLTAPI FltAllocateDeferredIoWorkItem(VOID);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltFreeDeferredIoWorkItem(_In_ PFLT_DEFERRED_IO_WORKITEM FltWorkItem);
_Must_inspect_result_ _IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltQueueDeferredIoWorkItem(_In_ PFLT_DEFERRED_IO_WORKITEM FltWorkItem,
                                           _In_ PFLT_CALLBACK_DATA Data,
                                           _In_ PFLT_DEFERRED_IO_WORKITEM_ROUTINE WorkerRoutine,
                                           _In_ WORK_QUEUE_TYPE QueueType, _In_ PVOID Context);
_IRQL_requires_max_(DISPATCH_LEVEL)
PFLT_GENERIC_WORKITEM FLTAPI FltAllocateGenericWorkItem(VOID);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltFreeGenericWorkItem(_In_ PFLT_GENERIC_WORKITEM FltWorkItem);
_Must_inspect_result_ _IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltQueueGenericWorkItem(_In_ PFLT_GENERIC_WORKITEM FltWorkItem,
                                        _In_ PVOID FltObject,
                                        _In_ PFLT_GENERIC_WORKITEM_ROUTINE WorkerRoutine,
                                        _In_ WORK_QUEUE_TYPE QueueType, _In_opt_ PVOID Context);

_Must_inspect_result_ _IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltObjectReference(_Inout_ PVOID FltObject);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltObjectDereference(_Inout_ PVOID FltObject);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltGetFilterFromInstance(_In_ PFLT_INSTANCE Instance, _Outptr_ PFLT_FILTER *RetFilter);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS FLTAPI FltGetVolumeFromInstance(_In_ PFLT_INSTANCE Instance, _Outptr_ PFLT_VOLUME *RetVolume);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetVolumeProperties(
    _In_ PFLT_VOLUME Volume,
    _Out_writes_bytes_to_opt_(VolumePropertiesLength, *LengthReturned) PFLT_VOLUME_PROPERTIES VolumeProperties,
    _In_ ULONG VolumePropertiesLength, _Out_ PULONG LengthReturned);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetVolumeName(_In_ PFLT_VOLUME Volume, _Inout_opt_ PUNICODE_STRING VolumeName,
                                 _Out_opt_ PULONG BufferSizeNeeded);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltGetDiskDeviceObject(_In_ PFLT_VOLUME Volume, _Outptr_ PDEVICE_OBJECT *DiskDeviceObject);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltIsDirectory(_In_ PFILE_OBJECT FileObject, _In_ PFLT_INSTANCE Instance,
                               _Out_ PBOOLEAN IsDirectory);
_IRQL_requires_max_(DISPATCH_LEVEL)
PEPROCESS FLTAPI FltGetRequestorProcess(_In_ PFLT_CALLBACK_DATA CallbackData);
_IRQL_requires_max_(DISPATCH_LEVEL)
ULONG FLTAPI FltGetRequestorProcessId(_In_ PFLT_CALLBACK_DATA CallbackData);
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID FLTAPI FltCancelFileOpen(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject);

_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltCreateFile(_In_ PFLT_FILTER Filter, _In_opt_ PFLT_INSTANCE Instance,
                              _Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
                              _In_ POBJECT_ATTRIBUTES ObjectAttributes,
                              _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                              _In_opt_ PLARGE_INTEGER AllocationSize, _In_ ULONG FileAttributes,
                              _In_ ULONG ShareAccess, _In_ ULONG CreateDisposition,
                              _In_ ULONG CreateOptions,
                              _In_reads_bytes_opt_(EaLength) PVOID EaBuffer, _In_ ULONG EaLength,
                              _In_ ULONG Flags);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltClose(_In_ HANDLE FileHandle);
/* FltReadFile / FltWriteFile: the WDK allows APC_LEVEL only with a callback
   routine (asynchronous), PASSIVE_LEVEL otherwise. */
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
_When_(CallbackRoutine == NULL, _IRQL_requires_max_(PASSIVE_LEVEL))
NTSTATUS FLTAPI FltReadFile(_In_ PFLT_INSTANCE InitiatingInstance, _In_ PFILE_OBJECT FileObject,
                            _In_opt_ PLARGE_INTEGER ByteOffset, _In_ ULONG Length,
                            _Out_writes_bytes_to_(Length, *BytesRead) PVOID Buffer,
                            _In_ FLT_IO_OPERATION_FLAGS Flags, _Out_opt_ PULONG BytesRead,
                            _In_opt_ PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                            _In_opt_ PVOID CallbackContext);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
_When_(CallbackRoutine == NULL, _IRQL_requires_max_(PASSIVE_LEVEL))
NTSTATUS FLTAPI FltWriteFile(_In_ PFLT_INSTANCE InitiatingInstance, _In_ PFILE_OBJECT FileObject,
                             _In_opt_ PLARGE_INTEGER ByteOffset, _In_ ULONG Length,
                             _In_reads_bytes_(Length) PVOID Buffer,
                             _In_ FLT_IO_OPERATION_FLAGS Flags, _Out_opt_ PULONG BytesWritten,
                             _In_opt_ PFLT_COMPLETED_ASYNC_IO_CALLBACK CallbackRoutine,
                             _In_opt_ PVOID CallbackContext);
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltQueryInformationFile(
    _In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
    _Out_writes_bytes_to_(Length, *LengthReturned) PVOID FileInformation, _In_ ULONG Length,
    _In_ FILE_INFORMATION_CLASS FileInformationClass, _Out_opt_ PULONG LengthReturned);
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltSetInformationFile(_In_ PFLT_INSTANCE Instance, _In_ PFILE_OBJECT FileObject,
                                      _In_reads_bytes_(Length) PVOID FileInformation,
                                      _In_ ULONG Length,
                                      _In_ FILE_INFORMATION_CLASS FileInformationClass);

_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltInitializePushLock(_Out_ PEX_PUSH_LOCK PushLock);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltDeletePushLock(_In_ PEX_PUSH_LOCK PushLock);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltAcquirePushLockExclusive(_Inout_ PEX_PUSH_LOCK PushLock);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltAcquirePushLockShared(_Inout_ PEX_PUSH_LOCK PushLock);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltReleasePushLock(_Inout_ PEX_PUSH_LOCK PushLock);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltAcquireResourceExclusive(_Inout_ PERESOURCE Resource);
_IRQL_requires_max_(APC_LEVEL)
VOID FLTAPI FltAcquireResourceShared(_Inout_ PERESOURCE Resource);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID FLTAPI FltReleaseResource(_Inout_ PERESOURCE Resource);

_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltCreateCommunicationPort(
    _In_ PFLT_FILTER Filter, _Outptr_ PFLT_PORT *ServerPort,
    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _In_opt_ PVOID ServerPortCookie,
    _In_ PFLT_CONNECT_NOTIFY ConnectNotifyCallback,
    _In_ PFLT_DISCONNECT_NOTIFY DisconnectNotifyCallback,
    _In_opt_ PFLT_MESSAGE_NOTIFY MessageNotifyCallback, _In_ LONG MaxConnections);
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID FLTAPI FltCloseCommunicationPort(_In_ PFLT_PORT ServerPort);
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID FLTAPI FltCloseClientPort(_In_ PFLT_FILTER Filter, _Outptr_ PFLT_PORT *ClientPort);
_Must_inspect_result_ _IRQL_requires_max_(APC_LEVEL)
NTSTATUS FLTAPI FltSendMessage(_In_ PFLT_FILTER Filter, _In_ PFLT_PORT *ClientPort,
                               _In_reads_bytes_(SenderBufferLength) PVOID SenderBuffer,
                               _In_ ULONG SenderBufferLength,
                               _Out_writes_bytes_opt_(*ReplyLength) PVOID ReplyBuffer,
                               _Inout_opt_ PULONG ReplyLength, _In_opt_ PLARGE_INTEGER Timeout);
_Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FLTAPI FltBuildDefaultSecurityDescriptor(_Outptr_ PSECURITY_DESCRIPTOR *SecurityDescriptor,
                                                  _In_ ACCESS_MASK DesiredAccess);
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID FLTAPI FltFreeSecurityDescriptor(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor);

#endif /* __FLTKERNEL__ */
