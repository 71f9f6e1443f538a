/*
 * ntifs.h - wrapper over mingw-w64's <ntifs.h>: includes the real header, then
 * drvcheck_ext.h for the WDK declarations mingw-w64 lacks (see there).
 */
#ifndef DRVCHECK_NTIFS_H
#define DRVCHECK_NTIFS_H

#include_next <ntifs.h>

#define DRVCHECK_HAVE_NTIFS_H 1
#include "drvcheck_ext.h"

#endif /* DRVCHECK_NTIFS_H */
