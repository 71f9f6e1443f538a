/*
 * drvcheck_prelude.h - force-included (-include) before every file drvcheck
 * parses, ahead of any driver header.
 *
 * It supplies, using the preprocessor only (nothing is declared, so no
 * Windows type is needed):
 *  - the SAL IRQL and function-class annotations (_IRQL_requires_max_,
 *    _Function_class_, __drv_maxIRQL, ...) as clang annotate attributes
 *    "drvcheck:KIND:ARG" (drvcheck_annotate.h describes the encoding);
 *  - empty definitions of the other SAL / driver annotations found in WDK
 *    code (_In_, _Dispatch_type_, _Requires_lock_held_, __drv_aliasesMem,
 *    _Flt_CompletionContext_Outptr_, ...): mingw-w64's <sal.h> first, then
 *    drvcheck_sal_noop.h for what it lacks;
 *  - the C spellings of the structured-exception keywords (try, except,
 *    finally, leave), as the WDK's excpt.h defines them for C.
 *
 * The annotate attributes survive later inclusion of mingw-w64's SAL headers
 * because this directory also shadows <sal.h> and <driverspecs.h>, whose
 * mingw-w64 versions would redefine those names as empty macros.
 */
#ifndef DRVCHECK_PRELUDE_H
#define DRVCHECK_PRELUDE_H

/* clang's <mm3dnow.h>, pulled in by mingw-w64's <intrin.h> from <wdm.h>,
   emits a deprecation #warning on every parse unless this is defined. */
#ifndef _CLANG_DISABLE_CRT_DEPRECATION_WARNINGS
#define _CLANG_DISABLE_CRT_DEPRECATION_WARNINGS 1
#endif

/* IRQL and function-class annotations, as annotate attributes. */
#include "drvcheck_annotate.h"

/* mingw-w64's SAL no-ops (through the <sal.h> shim in this directory, which
   keeps the annotate attributes above), then the ones it lacks. */
#if defined(__has_include)
#if __has_include(<sal.h>)
#include <sal.h>
#endif
#endif
#include "drvcheck_sal_noop.h"

/* Structured exception handling: C code may use the unprefixed keywords.
   "__try { } __except (EXCEPTION_EXECUTE_HANDLER) { }", "try { } except (1)
   { }" and "__try { __leave; } __finally { }" all parse with -fms-extensions
   for the x86_64-w64-mingw32 target. Spelled exactly as mingw-w64's sehmap.h
   so that a later inclusion of it is not a conflicting redefinition. */
#ifndef __cplusplus
#ifndef try
#define try __try
#endif
#ifndef except
#define except __except
#endif
#ifndef finally
#define finally __finally
#endif
#ifndef leave
#define leave __leave
#endif
#endif /* !__cplusplus */

#endif /* DRVCHECK_PRELUDE_H */
