/* Precompiled kernel-header prefixes, cached on disk (see pch.c). */
#ifndef DRVCHECK_PCH_H
#define DRVCHECK_PCH_H
#include <clang-c/Index.h>

#include "parse.h"

/* The cache directory: $DRVCHECK_CACHE_DIR, else $XDG_CACHE_HOME/drvcheck, else
 * ~/.cache/drvcheck; NULL if none can be named. */
const char *pch_cache_dir(void);
/* The leading `#include <...>` lines of a source file, or NULL. */
char *pch_prefix_of(const char *file);
/* Path of an up-to-date PCH for the file's header prefix under these arguments, building
 * it if needed (malloc'd), or NULL (then *note may explain why, malloc'd). */
char *pch_for(CXIndex idx, const char *file, const arg_list *args, char **note);
#endif
