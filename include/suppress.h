/*
 * suppress.h - stand-in for the WDK header of that name, included by driver
 * samples for the __WARNING_* names used in "#pragma prefast(...)" and
 * "#pragma warning(suppress: ...)". Those pragmas do not expand macros and
 * clang ignores them, so the stand-in is empty; mingw-w64 does not ship it.
 */
#ifndef _SUPPRESS_H_INCLUDED_
#define _SUPPRESS_H_INCLUDED_
#endif
