/*
 * drvcheck_annotate.h - the SAL IRQL / function-class annotations as clang
 * "annotate" attributes, so that drvcheck can read them from the AST.
 *
 * Encoding:  __attribute__((annotate("drvcheck:KIND:ARG")))
 *   KIND  irql_requires | irql_requires_max | irql_requires_min | irql_raises |
 *         irql_requires_same | irql_saves | irql_restores | function_class
 *   ARG   the macro argument exactly as written (stringized, NOT macro-expanded,
 *         e.g. "DISPATCH_LEVEL", "APC_LEVEL", "2"); empty for the argument-less
 *         annotations (_IRQL_requires_same_, _IRQL_saves_, _IRQL_restores_),
 *         giving e.g. "drvcheck:irql_saves:".
 *
 * Every alias below stringizes its own argument (no chaining through another
 * macro), because chaining would macro-expand DISPATCH_LEVEL to 2 first.
 *
 * The attribute is accepted by clang wherever SAL puts these annotations in
 * WDK code: before the return type of a declaration or definition (also after
 * "static" and around __declspec/NTKERNELAPI), on a parameter, and on a
 * function or function-pointer typedef. In each case it attaches to that
 * declaration (FunctionDecl, ParmVarDecl, TypedefDecl). A function declared
 * through a role typedef ("DRIVER_DISPATCH Foo;") carries no attribute itself:
 * the annotations are on the TypedefDecl of its type.
 *
 * This file has no include guard on purpose: the sal.h / driverspecs.h shims
 * in this directory re-include it after mingw-w64's headers (which define the
 * same names as empty macros) so that these definitions survive. Each macro is
 * guarded with #ifndef so a definition made earlier (e.g. with -D) wins.
 */

#ifndef DRVCHECK_ANNOTATE_
#define DRVCHECK_ANNOTATE_(kind, text) __attribute__((annotate("drvcheck:" kind ":" text)))
#endif

/* _IRQL_requires_(irql): called at exactly irql. */
#ifndef _IRQL_requires_
#define _IRQL_requires_(irql) DRVCHECK_ANNOTATE_("irql_requires", #irql)
#endif
#ifndef __drv_requiresIRQL
#define __drv_requiresIRQL(irql) DRVCHECK_ANNOTATE_("irql_requires", #irql)
#endif

/* _IRQL_requires_max_(irql): called at or below irql. */
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(irql) DRVCHECK_ANNOTATE_("irql_requires_max", #irql)
#endif
#ifndef __drv_maxIRQL
#define __drv_maxIRQL(irql) DRVCHECK_ANNOTATE_("irql_requires_max", #irql)
#endif

/* _IRQL_requires_min_(irql): called at or above irql. */
#ifndef _IRQL_requires_min_
#define _IRQL_requires_min_(irql) DRVCHECK_ANNOTATE_("irql_requires_min", #irql)
#endif
#ifndef __drv_minIRQL
#define __drv_minIRQL(irql) DRVCHECK_ANNOTATE_("irql_requires_min", #irql)
#endif

/* _IRQL_raises_(irql): returns at irql (raised). */
#ifndef _IRQL_raises_
#define _IRQL_raises_(irql) DRVCHECK_ANNOTATE_("irql_raises", #irql)
#endif
#ifndef __drv_raisesIRQL
#define __drv_raisesIRQL(irql) DRVCHECK_ANNOTATE_("irql_raises", #irql)
#endif

/* _IRQL_requires_same_: returns at the IRQL it was called at. */
#ifndef _IRQL_requires_same_
#define _IRQL_requires_same_ DRVCHECK_ANNOTATE_("irql_requires_same", "")
#endif
#ifndef __drv_sameIRQL
#define __drv_sameIRQL DRVCHECK_ANNOTATE_("irql_requires_same", "")
#endif

/* _IRQL_saves_: on a parameter, the IRQL is stored there; on a function,
   the return value is the previous IRQL. */
#ifndef _IRQL_saves_
#define _IRQL_saves_ DRVCHECK_ANNOTATE_("irql_saves", "")
#endif
#ifndef __drv_savesIRQL
#define __drv_savesIRQL DRVCHECK_ANNOTATE_("irql_saves", "")
#endif

/* _IRQL_restores_: on a parameter, the IRQL is set back from it. */
#ifndef _IRQL_restores_
#define _IRQL_restores_ DRVCHECK_ANNOTATE_("irql_restores", "")
#endif
#ifndef __drv_restoresIRQL
#define __drv_restoresIRQL DRVCHECK_ANNOTATE_("irql_restores", "")
#endif

/* _Function_class_(name): the callback role of a function or typedef. */
#ifndef _Function_class_
#define _Function_class_(name) DRVCHECK_ANNOTATE_("function_class", #name)
#endif
#ifndef __drv_functionClass
#define __drv_functionClass(name) DRVCHECK_ANNOTATE_("function_class", #name)
#endif
