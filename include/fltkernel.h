/*
 * fltkernel.h - lower-case spelling of <fltKernel.h> (driver sources use
 * both; this file system is case-sensitive). See fltKernel.h.
 */
#include "fltKernel.h"
