/*
 * ntddk.h - wrapper over mingw-w64's <ntddk.h>: includes the real header, then
 * drvcheck_ext.h for the WDK declarations mingw-w64 lacks (see there).
 */
#ifndef DRVCHECK_NTDDK_H
#define DRVCHECK_NTDDK_H

#include_next <ntddk.h>

#define DRVCHECK_HAVE_NTDDK_H 1
#include "drvcheck_ext.h"

#endif /* DRVCHECK_NTDDK_H */
