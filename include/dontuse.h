/*
 * dontuse.h - stand-in for the WDK header of that name, which the Microsoft
 * driver samples include right after <fltKernel.h> / <ntddk.h> to deprecate
 * unsafe CRT string routines. It declares nothing that drivers use, so the
 * stand-in is empty; mingw-w64 does not ship it.
 */
#ifndef _DONTUSE_H_INCLUDED_
#define _DONTUSE_H_INCLUDED_
#endif
