/*
 * wdm.h - wrapper over mingw-w64's <wdm.h>: includes the real header, then
 * drvcheck_ext.h for the WDK declarations mingw-w64 lacks (see there).
 */
#ifndef DRVCHECK_WDM_H
#define DRVCHECK_WDM_H

#include_next <wdm.h>

#define DRVCHECK_HAVE_WDM_H 1
#include "drvcheck_ext.h"

#endif /* DRVCHECK_WDM_H */
