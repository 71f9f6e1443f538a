/*
 * driverspecs.h - replaces mingw-w64's <driverspecs.h> (a stub that defines
 * the driver annotations as empty macros).
 *
 * mingw-w64's version unconditionally defines _IRQL_requires_max_ and the
 * other IRQL annotations as nothing, which would erase the annotate
 * attributes drvcheck reads (see drvcheck_annotate.h). This replacement keeps
 * the same include guard and dependencies, takes the IRQL annotations from
 * drvcheck_annotate.h, and defines the remaining names of the original stub
 * as empty macros, each only if not already defined.
 */
#ifndef DRIVERSPECS_H
#define DRIVERSPECS_H

#include <specstrings.h>
#include <concurrencysal.h>
#include "drvcheck_annotate.h"

#ifndef __drv_aliasesMem
#define __drv_aliasesMem
#endif
#ifndef __drv_allocatesMem
#define __drv_allocatesMem(kind)
#endif
#ifndef __drv_arg
#define __drv_arg(x,y)
#endif
#ifndef __drv_at
#define __drv_at(x,y)
#endif
#ifndef __drv_deref
#define __drv_deref(x)
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(x)
#endif
#ifndef __drv_dispatchType_other
#define __drv_dispatchType_other
#endif
#ifndef __drv_formatString
#define __drv_formatString(x)
#endif
#ifndef __drv_freesMem
#define __drv_freesMem(kind)
#endif
#ifndef __drv_in
#define __drv_in(x)
#endif
#ifndef __drv_in_deref
#define __drv_in_deref(x)
#endif
#ifndef __drv_nonConstant
#define __drv_nonConstant
#endif
#ifndef __drv_out
#define __drv_out(x)
#endif
#ifndef __drv_out_deref
#define __drv_out_deref(x)
#endif
#ifndef __drv_restoresIRQLGlobal
#define __drv_restoresIRQLGlobal(x,y)
#endif
#ifndef __drv_savesIRQLGlobal
#define __drv_savesIRQLGlobal(x,y)
#endif
#ifndef __drv_setsIRQL
#define __drv_setsIRQL(x)
#endif
#ifndef __drv_useCancelIRQL
#define __drv_useCancelIRQL
#endif
#ifndef __drv_valueIs
#define __drv_valueIs(x)
#endif
#ifndef __drv_when
#define __drv_when(x,y)
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

#endif /* DRIVERSPECS_H */
