/*
 * sal.h - shim over mingw-w64's <sal.h>.
 *
 * mingw-w64's sal.h defines _Function_class_ (and could define other
 * annotations drvcheck reads) as an empty macro, which would silently erase
 * the annotate attributes set up by drvcheck_prelude.h for every declaration
 * that follows. This shim includes the real header with those names saved
 * and restores them afterwards; everything else in sal.h is left as is.
 */
#ifndef DRVCHECK_SAL_H
#define DRVCHECK_SAL_H

#include "drvcheck_annotate_save.h"
#include_next <sal.h>
#include "drvcheck_annotate_restore.h"

#endif /* DRVCHECK_SAL_H */
