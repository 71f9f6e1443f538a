/*
 * drvcheck_ext.h - WDK declarations that mingw-w64's DDK headers lack.
 *
 * Included by the <wdm.h>, <ntddk.h> and <ntifs.h> wrappers in this directory
 * right after the real header. It has one section per header; a section runs
 * once, as soon as its header is complete (the wrappers define
 * DRVCHECK_HAVE_WDM_H / DRVCHECK_HAVE_NTDDK_H / DRVCHECK_HAVE_NTIFS_H), and
 * it holds only what none of the three mingw-w64 headers declares, so that
 * including them in any order never redeclares anything. Each item sits in
 * the section matching the WDK header that declares it; the IRQL annotations
 * follow the WDK's (see drvcheck_annotate.h for how they are encoded).
 *
 * Already in mingw-w64 and so not repeated here: MmSecureVirtualMemory,
 * MmUnsecureVirtualMemory, KeGetCurrentIrql, KeRaiseIrqlToDpcLevel,
 * KeAcquireInStackQueuedSpinLock, KeReleaseInStackQueuedSpinLock,
 * KeAcquireInterruptSpinLock, KeReleaseInterruptSpinLock, ExAcquireFastMutex,
 * ExReleaseFastMutex, IoAcquireCancelSpinLock, IoReleaseCancelSpinLock,
 * ProbeForRead, ProbeForWrite, MmProbeAndLockPages,
 * MmMapLockedPagesSpecifyCache, IoSetCompletionRoutine(Ex), KeInitializeDpc,
 * IoSetCancelRoutine, ExRaiseStatus, KeBugCheckEx, ObDereferenceObject,
 * IoGetCurrentProcess, ExGetPreviousMode (wdm.h / ntddk.h); KAPC_STATE,
 * KeStackAttachProcess, KeUnstackDetachProcess, KeAttachProcess,
 * KeDetachProcess, PsLookupProcessByProcessId, ZwAllocateVirtualMemory,
 * NtAllocateVirtualMemory, FlagOn, BooleanFlagOn, SetFlag, ClearFlag
 * (ntifs.h only, as in the WDK).
 */

/* Empty definitions of the SAL names used below, in case the prelude was
   not force-included. */
#include "drvcheck_sal_noop.h"

/* ------------------------------------------------------------------ wdm.h */
#if defined(DRVCHECK_HAVE_WDM_H) && !defined(DRVCHECK_EXT_WDM_DONE)
#define DRVCHECK_EXT_WDM_DONE 1

typedef struct _KPROCESS *PRKPROCESS;

/* Page protections (winnt.h has them; the kernel headers do not). */
#ifndef PAGE_WRITECOMBINE
#define PAGE_WRITECOMBINE 0x400
#endif
#ifndef PAGE_TARGETS_INVALID
#define PAGE_TARGETS_INVALID 0x40000000
#endif
#ifndef PAGE_TARGETS_NO_UPDATE
#define PAGE_TARGETS_NO_UPDATE 0x40000000
#endif

/* Extra MM_PAGE_PRIORITY bits for MmGetSystemAddressForMdlSafe. */
#ifndef MdlMappingNoWrite
#define MdlMappingNoWrite 0x80000000
#endif
#ifndef MdlMappingNoExecute
#define MdlMappingNoExecute 0x40000000
#endif

#ifndef ROUND_TO_SIZE
#define ROUND_TO_SIZE(_length, _alignment) \
  ((((ULONG_PTR)(_length)) + ((_alignment) - 1)) & ~(ULONG_PTR)((_alignment) - 1))
#endif

/* x64 WDK builds define these, so "#ifdef ALLOC_PRAGMA / #pragma alloc_text"
   blocks are active; clang then records the section ("PAGE", "INIT") as a
   SectionAttr on the function definition. */
#ifndef ALLOC_PRAGMA
#define ALLOC_PRAGMA 1
#endif
#ifndef ALLOC_DATA_PRAGMA
#define ALLOC_DATA_PRAGMA 1
#endif

/* Reader/writer spin locks (Vista SP1+). */
#ifndef DRVCHECK_NO_EX_SPIN_LOCK
typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;

_Acquires_exclusive_lock_(*SpinLock) _Requires_lock_not_held_(*SpinLock)
_IRQL_saves_ _IRQL_raises_(DISPATCH_LEVEL)
NTKERNELAPI KIRQL NTAPI ExAcquireSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock);

_Releases_exclusive_lock_(*SpinLock) _Requires_lock_held_(*SpinLock)
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExReleaseSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock,
                                                  _In_ _IRQL_restores_ KIRQL OldIrql);

_Acquires_shared_lock_(*SpinLock) _Requires_lock_not_held_(*SpinLock)
_IRQL_saves_ _IRQL_raises_(DISPATCH_LEVEL)
NTKERNELAPI KIRQL NTAPI ExAcquireSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock);

_Releases_shared_lock_(*SpinLock) _Requires_lock_held_(*SpinLock)
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExReleaseSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock,
                                               _In_ _IRQL_restores_ KIRQL OldIrql);

_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExAcquireSpinLockExclusiveAtDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExReleaseSpinLockExclusiveFromDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExAcquireSpinLockSharedAtDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExReleaseSpinLockSharedFromDpcLevel(_Inout_ PEX_SPIN_LOCK SpinLock);
_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI LOGICAL NTAPI ExTryConvertSharedSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock);
#endif /* DRVCHECK_NO_EX_SPIN_LOCK */

/* ExAllocatePool2 and friends (Windows 10 2004+). The WDK narrows the IRQL
   with _When_ on the flags (paged: APC_LEVEL); the plain bound is the
   non-paged one. */
#ifndef POOL_FLAG_NON_PAGED
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_USE_QUOTA          0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED      0x0000000000000002ULL
#define POOL_FLAG_SESSION            0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED      0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE   0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED          0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE  0x0000000000000080ULL
#define POOL_FLAG_PAGED              0x0000000000000100ULL

_When_((Flags & POOL_FLAG_PAGED) != 0, _IRQL_requires_max_(APC_LEVEL))
_IRQL_requires_max_(DISPATCH_LEVEL) __drv_allocatesMem(Mem)
NTKERNELAPI PVOID NTAPI ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes,
                                        _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL) __drv_allocatesMem(Mem)
PVOID NTAPI ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                               _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL) __drv_allocatesMem(Mem)
PVOID NTAPI ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                                        _In_ ULONG Tag);
#endif /* POOL_FLAG_NON_PAGED */

/* Opt-in to NX non-paged pool (WDK: under POOL_NX_OPTIN, which WDK projects
   set; common at the top of DriverEntry in the Microsoft samples). */
#ifndef DrvRtPoolNxOptIn
#define DrvRtPoolNxOptIn 0x00000001
extern POOL_TYPE ExDefaultNonPagedPoolType;
extern ULONG ExDefaultMdlProtection;
VOID NTAPI ExInitializeDriverRuntime(_In_ ULONG RuntimeFlags);
#endif

/* The WDK's annotations on the callback-role typedefs that mingw-w64 already
   has (without annotations). Redeclaring a typedef with the same type is
   valid from C11 on; clang then resolves "DRIVER_DISPATCH Foo;" to this
   latest, annotated TypedefDecl. */
#if !defined(DRVCHECK_NO_ROLE_ANNOTATIONS) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
typedef _Function_class_(KDEFERRED_ROUTINE) _IRQL_requires_max_(DISPATCH_LEVEL)
    _IRQL_requires_min_(DISPATCH_LEVEL) _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_
VOID (NTAPI KDEFERRED_ROUTINE)(_In_ struct _KDPC *Dpc, _In_opt_ PVOID DeferredContext,
                               _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2);

typedef _Function_class_(DRIVER_CANCEL) _IRQL_requires_min_(DISPATCH_LEVEL)
    _IRQL_requires_(DISPATCH_LEVEL) _Requires_lock_held_(_Global_cancel_spin_lock_)
    _Releases_lock_(_Global_cancel_spin_lock_)
VOID (NTAPI DRIVER_CANCEL)(_Inout_ struct _DEVICE_OBJECT *DeviceObject,
                           _Inout_ _IRQL_uses_cancel_ struct _IRP *Irp);

typedef _Function_class_(DRIVER_STARTIO) _IRQL_always_function_min_(DISPATCH_LEVEL)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_
VOID (NTAPI DRIVER_STARTIO)(_Inout_ struct _DEVICE_OBJECT *DeviceObject,
                            _Inout_ struct _IRP *Irp);

typedef _Function_class_(DRIVER_UNLOAD) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
VOID (NTAPI DRIVER_UNLOAD)(_In_ struct _DRIVER_OBJECT *DriverObject);

typedef _Function_class_(DRIVER_ADD_DEVICE) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
NTSTATUS (NTAPI DRIVER_ADD_DEVICE)(_In_ struct _DRIVER_OBJECT *DriverObject,
                                   _In_ struct _DEVICE_OBJECT *PhysicalDeviceObject);

typedef _Function_class_(DRIVER_INITIALIZE) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
NTSTATUS (NTAPI DRIVER_INITIALIZE)(_In_ struct _DRIVER_OBJECT *DriverObject,
                                   _In_ PUNICODE_STRING RegistryPath);

typedef _Function_class_(IO_COMPLETION_ROUTINE) _IRQL_requires_same_
    _IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS (NTAPI IO_COMPLETION_ROUTINE)(_In_ struct _DEVICE_OBJECT *DeviceObject,
                                       _In_ struct _IRP *Irp, _In_opt_ PVOID Context);

typedef _Function_class_(DRIVER_DISPATCH) _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_
NTSTATUS (NTAPI DRIVER_DISPATCH)(_In_ struct _DEVICE_OBJECT *DeviceObject,
                                 _Inout_ struct _IRP *Irp);

typedef _Function_class_(IO_WORKITEM_ROUTINE) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
VOID (NTAPI IO_WORKITEM_ROUTINE)(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context);

typedef _Function_class_(IO_WORKITEM_ROUTINE_EX) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
VOID (NTAPI IO_WORKITEM_ROUTINE_EX)(_In_ PVOID IoObject, _In_opt_ PVOID Context,
                                    _In_ PIO_WORKITEM IoWorkItem);

typedef _Function_class_(KSTART_ROUTINE) _IRQL_requires_same_
VOID (NTAPI KSTART_ROUTINE)(_In_ PVOID StartContext);

/* HIGH_LEVEL stands for the device IRQL, as in the WDK. */
typedef _Function_class_(KSERVICE_ROUTINE) _IRQL_requires_(HIGH_LEVEL) _IRQL_requires_same_
BOOLEAN (NTAPI KSERVICE_ROUTINE)(_In_ struct _KINTERRUPT *Interrupt, _In_opt_ PVOID ServiceContext);

typedef _Function_class_(WORKER_THREAD_ROUTINE) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
VOID (NTAPI WORKER_THREAD_ROUTINE)(_In_ PVOID Parameter);
#endif /* role annotations */

#endif /* wdm.h section */

/* ---------------------------------------------------------------- ntddk.h */
#if defined(DRVCHECK_HAVE_NTDDK_H) && !defined(DRVCHECK_EXT_NTDDK_DONE)
#define DRVCHECK_EXT_NTDDK_DONE 1

/* MmSecureVirtualMemoryEx (Windows 10 1607+) and its flags. */
#ifndef MM_SECURE_EXCLUSIVE
#define MM_SECURE_EXCLUSIVE      0x00000001
#endif
#ifndef MM_SECURE_NO_CHANGE
#define MM_SECURE_NO_CHANGE      0x00000002
#endif
#ifndef MM_SECURE_USER_MODE_ONLY
#define MM_SECURE_USER_MODE_ONLY 0x00000004
#endif
#ifndef MM_SECURE_NO_INHERIT
#define MM_SECURE_NO_INHERIT     0x00000008
#endif

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI HANDLE NTAPI MmSecureVirtualMemoryEx(_In_reads_bytes_(Size) PVOID Address,
                                                 _In_ SIZE_T Size, _In_ ULONG ProbeMode,
                                                 _In_ ULONG Flags);

/* Function types for the notify routines; mingw-w64 has only the P* pointer
   typedefs, which these are compatible with. Called at PASSIVE_LEVEL. */
typedef _Function_class_(CREATE_PROCESS_NOTIFY_ROUTINE) _IRQL_requires_max_(PASSIVE_LEVEL)
    _IRQL_requires_same_
VOID (NTAPI CREATE_PROCESS_NOTIFY_ROUTINE)(_In_ HANDLE ParentId, _In_ HANDLE ProcessId,
                                           _In_ BOOLEAN Create);

typedef _Function_class_(CREATE_PROCESS_NOTIFY_ROUTINE_EX) _IRQL_requires_max_(PASSIVE_LEVEL)
    _IRQL_requires_same_
VOID (NTAPI CREATE_PROCESS_NOTIFY_ROUTINE_EX)(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                                              _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

typedef _Function_class_(CREATE_THREAD_NOTIFY_ROUTINE) _IRQL_requires_max_(PASSIVE_LEVEL)
    _IRQL_requires_same_
VOID (NTAPI CREATE_THREAD_NOTIFY_ROUTINE)(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId,
                                          _In_ BOOLEAN Create);

typedef _Function_class_(LOAD_IMAGE_NOTIFY_ROUTINE) _IRQL_requires_max_(PASSIVE_LEVEL)
    _IRQL_requires_same_
VOID (NTAPI LOAD_IMAGE_NOTIFY_ROUTINE)(_In_opt_ PUNICODE_STRING FullImageName,
                                       _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);

typedef _Function_class_(DRIVER_REINITIALIZE) _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_
VOID (NTAPI DRIVER_REINITIALIZE)(_In_ struct _DRIVER_OBJECT *DriverObject,
                                 _In_opt_ PVOID Context, _In_ ULONG Count);

#endif /* ntddk.h section */

/* ---------------------------------------------------------------- ntifs.h */
#if defined(DRVCHECK_HAVE_NTIFS_H) && !defined(DRVCHECK_EXT_NTIFS_DONE)
#define DRVCHECK_EXT_NTIFS_DONE 1

#ifndef Add2Ptr
#define Add2Ptr(P, I) ((PVOID)((PUCHAR)(P) + (I)))
#endif
#ifndef PtrOffset
#define PtrOffset(B, O) ((ULONG)((ULONG_PTR)(O) - (ULONG_PTR)(B)))
#endif

/* Next to ZwAllocateVirtualMemory, which mingw-w64's ntifs.h has. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwProtectVirtualMemory(_In_ HANDLE ProcessHandle,
                                               _Inout_ PVOID *BaseAddress,
                                               _Inout_ PSIZE_T RegionSize,
                                               _In_ ULONG NewProtect,
                                               _Out_ PULONG OldProtect);

#endif /* ntifs.h section */
