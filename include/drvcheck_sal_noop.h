/*
 * drvcheck_sal_noop.h - empty definitions for the SAL and driver annotations
 * that WDK code uses but that carry nothing drvcheck reads, so that code
 * written for the WDK parses against the mingw-w64 headers.
 *
 * drvcheck_prelude.h includes mingw-w64's <sal.h> before this file, so names
 * that sal.h / concurrencysal.h already define keep mingw's definitions (the
 * #ifndef guards skip them; later includes of those headers then see no
 * conflicting redefinition). A definition made before this file (e.g. with
 * -D) always wins. The IRQL and function-class annotations that drvcheck does
 * read are in drvcheck_annotate.h, not here.
 */
#ifndef DRVCHECK_SAL_NOOP_H
#define DRVCHECK_SAL_NOOP_H

/* Other IRQL annotations (not read by drvcheck) */
#ifndef _IRQL_always_function_max_
#define _IRQL_always_function_max_(irql)
#endif
#ifndef _IRQL_always_function_min_
#define _IRQL_always_function_min_(irql)
#endif
#ifndef _IRQL_saves_global_
#define _IRQL_saves_global_(kind,param)
#endif
#ifndef _IRQL_restores_global_
#define _IRQL_restores_global_(kind,param)
#endif
#ifndef _IRQL_is_cancel_
#define _IRQL_is_cancel_
#endif
#ifndef _IRQL_uses_cancel_
#define _IRQL_uses_cancel_
#endif
#ifndef __drv_setsIRQL
#define __drv_setsIRQL(irql)
#endif
#ifndef __drv_useCancelIRQL
#define __drv_useCancelIRQL
#endif
#ifndef __drv_isCancelIRQL
#define __drv_isCancelIRQL
#endif
#ifndef __drv_savesIRQLGlobal
#define __drv_savesIRQLGlobal(kind,param)
#endif
#ifndef __drv_restoresIRQLGlobal
#define __drv_restoresIRQLGlobal(kind,param)
#endif
#ifndef __drv_maxFunctionIRQL
#define __drv_maxFunctionIRQL(irql)
#endif
#ifndef __drv_minFunctionIRQL
#define __drv_minFunctionIRQL(irql)
#endif

/* Kernel / driver annotations (driverspecs.h) */
#ifndef _Dispatch_type_
#define _Dispatch_type_(type)
#endif
#ifndef _Kernel_float_used_
#define _Kernel_float_used_
#endif
#ifndef _Kernel_float_saved_
#define _Kernel_float_saved_
#endif
#ifndef _Kernel_float_restored_
#define _Kernel_float_restored_
#endif
#ifndef _Kernel_requires_resource_held_
#define _Kernel_requires_resource_held_(kind)
#endif
#ifndef _Kernel_requires_resource_not_held_
#define _Kernel_requires_resource_not_held_(kind)
#endif
#ifndef _Kernel_acquires_resource_
#define _Kernel_acquires_resource_(kind)
#endif
#ifndef _Kernel_releases_resource_
#define _Kernel_releases_resource_(kind)
#endif
#ifndef _Kernel_clear_do_init_
#define _Kernel_clear_do_init_(yesNo)
#endif
#ifndef _Kernel_IoGetDmaAdapter_
#define _Kernel_IoGetDmaAdapter_
#endif
#ifndef _Kernel_ptr_
#define _Kernel_ptr_
#endif
#ifndef _Interlocked_operand_
#define _Interlocked_operand_
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(type)
#endif
#ifndef __drv_dispatchType_other
#define __drv_dispatchType_other
#endif
#ifndef __drv_aliasesMem
#define __drv_aliasesMem
#endif
#ifndef __drv_allocatesMem
#define __drv_allocatesMem(kind)
#endif
#ifndef __drv_freesMem
#define __drv_freesMem(kind)
#endif
#ifndef __drv_when
#define __drv_when(cond,annotes)
#endif
#ifndef __drv_at
#define __drv_at(expr,annotes)
#endif
#ifndef __drv_arg
#define __drv_arg(expr,annotes)
#endif
#ifndef __drv_in
#define __drv_in(annotes)
#endif
#ifndef __drv_out
#define __drv_out(annotes)
#endif
#ifndef __drv_in_deref
#define __drv_in_deref(annotes)
#endif
#ifndef __drv_out_deref
#define __drv_out_deref(annotes)
#endif
#ifndef __drv_deref
#define __drv_deref(annotes)
#endif
#ifndef __drv_strictTypeMatch
#define __drv_strictTypeMatch(mode)
#endif
#ifndef __drv_strictType
#define __drv_strictType(typename,mode)
#endif
#ifndef __drv_typeConst
#define __drv_typeConst
#endif
#ifndef __drv_typeCond
#define __drv_typeCond
#endif
#ifndef __drv_typeBitset
#define __drv_typeBitset
#endif
#ifndef __drv_typeExpr
#define __drv_typeExpr
#endif
#ifndef __drv_notPointer
#define __drv_notPointer
#endif
#ifndef __drv_isObjectPointer
#define __drv_isObjectPointer
#endif
#ifndef __drv_constant
#define __drv_constant
#endif
#ifndef __drv_nonConstant
#define __drv_nonConstant
#endif
#ifndef __drv_valueIs
#define __drv_valueIs(arglist)
#endif
#ifndef __drv_formatString
#define __drv_formatString(kind)
#endif
#ifndef __drv_preferredFunction
#define __drv_preferredFunction(func,why)
#endif
#ifndef __drv_reportError
#define __drv_reportError(why)
#endif
#ifndef __drv_inTry
#define __drv_inTry
#endif
#ifndef __drv_interlocked
#define __drv_interlocked
#endif
#ifndef __drv_completionType
#define __drv_completionType(kindlist)
#endif
#ifndef __drv_callbackType
#define __drv_callbackType(kind)
#endif
#ifndef __drv_clearDoInit
#define __drv_clearDoInit(yesNo)
#endif
#ifndef __drv_acquiresResource
#define __drv_acquiresResource(kind)
#endif
#ifndef __drv_releasesResource
#define __drv_releasesResource(kind)
#endif
#ifndef __drv_mustHold
#define __drv_mustHold(kind)
#endif
#ifndef __drv_neverHold
#define __drv_neverHold(kind)
#endif
#ifndef __drv_acquiresCriticalRegion
#define __drv_acquiresCriticalRegion
#endif
#ifndef __drv_releasesCriticalRegion
#define __drv_releasesCriticalRegion
#endif
#ifndef __drv_mustHoldCriticalRegion
#define __drv_mustHoldCriticalRegion
#endif
#ifndef __drv_neverHoldCriticalRegion
#define __drv_neverHoldCriticalRegion
#endif
#ifndef __drv_acquiresCancelSpinLock
#define __drv_acquiresCancelSpinLock
#endif
#ifndef __drv_releasesCancelSpinLock
#define __drv_releasesCancelSpinLock
#endif
#ifndef __drv_mustHoldCancelSpinLock
#define __drv_mustHoldCancelSpinLock
#endif
#ifndef __drv_neverHoldCancelSpinLock
#define __drv_neverHoldCancelSpinLock
#endif
#ifndef __drv_acquiresPriorityRegion
#define __drv_acquiresPriorityRegion
#endif
#ifndef __drv_releasesPriorityRegion
#define __drv_releasesPriorityRegion
#endif
#ifndef __drv_floatUsed
#define __drv_floatUsed
#endif
#ifndef __drv_floatSaved
#define __drv_floatSaved
#endif
#ifndef __drv_floatRestored
#define __drv_floatRestored
#endif
#ifndef __in_data_source
#define __in_data_source(src)
#endif
#ifndef __out_data_source
#define __out_data_source(src)
#endif
#ifndef __field_data_source
#define __field_data_source(src)
#endif
#ifndef __this_out_data_source
#define __this_out_data_source(src)
#endif
#ifndef __internal_kernel_driver
#define __internal_kernel_driver
#endif
#ifndef __kernel_code
#define __kernel_code
#endif
#ifndef __kernel_driver
#define __kernel_driver
#endif
#ifndef __user_code
#define __user_code
#endif
#ifndef __user_driver
#define __user_driver
#endif

/* Filter Manager annotations (fltKernel.h) */
#ifndef _Flt_CompletionContext_Outptr_
#define _Flt_CompletionContext_Outptr_
#endif
#ifndef _Flt_ConnectionCookie_Outptr_
#define _Flt_ConnectionCookie_Outptr_
#endif

/* Lock annotations (concurrencysal.h) */
#ifndef _Requires_lock_held_
#define _Requires_lock_held_(lock)
#endif
#ifndef _Requires_lock_not_held_
#define _Requires_lock_not_held_(lock)
#endif
#ifndef _Acquires_lock_
#define _Acquires_lock_(lock)
#endif
#ifndef _Releases_lock_
#define _Releases_lock_(lock)
#endif
#ifndef _Acquires_exclusive_lock_
#define _Acquires_exclusive_lock_(lock)
#endif
#ifndef _Releases_exclusive_lock_
#define _Releases_exclusive_lock_(lock)
#endif
#ifndef _Acquires_shared_lock_
#define _Acquires_shared_lock_(lock)
#endif
#ifndef _Releases_shared_lock_
#define _Releases_shared_lock_(lock)
#endif

/* Function, return and success annotations */
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif
#ifndef _Check_return_
#define _Check_return_
#endif
#ifndef _Success_
#define _Success_(expr)
#endif
#ifndef _When_
#define _When_(expr,annos)
#endif
#ifndef _At_
#define _At_(expr,annos)
#endif
#ifndef _Analysis_assume_
#define _Analysis_assume_(expr)
#endif
#ifndef _Analysis_noreturn_
#define _Analysis_noreturn_
#endif
#ifndef _Ret_maybenull_
#define _Ret_maybenull_
#endif
#ifndef _Frees_ptr_
#define _Frees_ptr_
#endif
#ifndef _Frees_ptr_opt_
#define _Frees_ptr_opt_
#endif
#ifndef _Post_invalid_
#define _Post_invalid_
#endif
#ifndef _Post_ptr_invalid_
#define _Post_ptr_invalid_
#endif

/* Pre/post-condition building blocks */
#ifndef _Pre_
#define _Pre_
#endif
#ifndef _Post_
#define _Post_
#endif
#ifndef _Deref_pre_
#define _Deref_pre_
#endif
#ifndef _Deref_post_
#define _Deref_post_
#endif
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _Null_
#define _Null_
#endif
#ifndef _Valid_
#define _Valid_
#endif
#ifndef _Notvalid_
#define _Notvalid_
#endif
#ifndef _Reserved_
#define _Reserved_
#endif
#ifndef _Null_terminated_
#define _Null_terminated_
#endif
#ifndef _Printf_format_string_
#define _Printf_format_string_
#endif
#ifndef _Strict_type_match_
#define _Strict_type_match_
#endif
#ifndef _Unreferenced_parameter_
#define _Unreferenced_parameter_
#endif
#ifndef _Enum_is_bitflag_
#define _Enum_is_bitflag_
#endif
#ifndef _Inexpressible_
#define _Inexpressible_(expr)
#endif
#ifndef _Satisfies_
#define _Satisfies_(expr)
#endif
#ifndef _Pre_maybenull_
#define _Pre_maybenull_
#endif
#ifndef _Pre_null_
#define _Pre_null_
#endif
#ifndef _Pre_valid_
#define _Pre_valid_
#endif
#ifndef _Pre_opt_valid_
#define _Pre_opt_valid_
#endif
#ifndef _Pre_z_
#define _Pre_z_
#endif
#ifndef _Pre_defensive_
#define _Pre_defensive_
#endif
#ifndef _Post_defensive_
#define _Post_defensive_
#endif
#ifndef _Post_null_
#define _Post_null_
#endif
#ifndef _Post_notnull_
#define _Post_notnull_
#endif
#ifndef _Post_maybenull_
#define _Post_maybenull_
#endif
#ifndef _Post_valid_
#define _Post_valid_
#endif
#ifndef _Post_z_
#define _Post_z_
#endif
#ifndef _Post_writable_byte_size_
#define _Post_writable_byte_size_(size)
#endif

/* Structure field annotations */
#ifndef _Field_size_
#define _Field_size_(size)
#endif
#ifndef _Field_size_bytes_
#define _Field_size_bytes_(size)
#endif

/* Parameter annotations */
#ifndef _In_
#define _In_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _In_reads_
#define _In_reads_(size)
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(size)
#endif
#ifndef _In_defensive_
#define _In_defensive_(annos)
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Out_writes_
#define _Out_writes_(size)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(size)
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _Inout_updates_bytes_
#define _Inout_updates_bytes_(size)
#endif
#ifndef _Outptr_
#define _Outptr_
#endif
#ifndef _Outptr_result_maybenull_
#define _Outptr_result_maybenull_
#endif

/* SAL 1 spellings still found in older driver code */
#ifndef __out_bcount_opt
#define __out_bcount_opt(size)
#endif
#ifndef __in_bcount_opt
#define __in_bcount_opt(size)
#endif
#ifndef __deref_out_bcount
#define __deref_out_bcount(size)
#endif
#ifndef __reserved
#define __reserved
#endif
#ifndef __success
#define __success(expr)
#endif
#ifndef __nullterminated
#define __nullterminated
#endif
#ifndef __in_z
#define __in_z
#endif
#ifndef __out_z
#define __out_z
#endif
#ifndef __inout_z
#define __inout_z
#endif
#ifndef __in_range
#define __in_range(lo,hi)
#endif
#ifndef __out_range
#define __out_range(lo,hi)
#endif

#endif /* DRVCHECK_SAL_NOOP_H */
