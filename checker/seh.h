/* Structured-exception macros of a project (ReactOS's _SEH2_TRY / _SEH2_EXCEPT(x) /
 * _SEH2_FINALLY / _SEH2_END / _SEH2_LEAVE, ...), named in configuration, parsed as
 * __try / __except / __finally / __leave.
 *
 * A generated header, force-included, defines each spelling and marks it final
 * (`#pragma clang final`). A project header that defines the spellings itself (often as
 * plain blocks for compilers without SEH) would win, being read later; the compiler
 * warns about every such redefinition (-Wmacro-redefined, -Wfinal-macro), and the file is
 * then parsed again with those #define / #undef lines blanked (an in-memory copy of the
 * header; line and column numbers do not move). With a precompiled header prefix a copy
 * of the header is read after the prefix, so definitions inside the prefix lose too. */
#ifndef DRVCHECK_SEH_H
#define DRVCHECK_SEH_H
#include <clang-c/Index.h>

#include "parse.h"

typedef enum seh_role { SEH_TRY, SEH_EXCEPT, SEH_FINALLY, SEH_END, SEH_LEAVE, SEH_NROLES } seh_role;

typedef struct seh_macro {
  seh_role role;
  char *name;      /* the spelling, e.g. "_SEH2_TRY" */
  char *expansion; /* an explicit expansion (NAME=EXPANSION in the configuration), or NULL */
} seh_macro;

/* The configuration key of a role ("try", "except", ...), and the role of a key (-1). */
const char *seh_role_name(seh_role r);
int seh_role_of(const char *key);
/* The #define line of a macro (malloc'd): e.g. "#define _SEH2_EXCEPT(...) } __except(__VA_ARGS__) {". */
char *seh_define(const seh_macro *m);
/* Write the forced-include header for these macros (in the cache directory, named by its
 * contents, or a temporary file); returns its path (malloc'd) or NULL with *err set. */
char *seh_write_header(const seh_macro *v, int n, char **err);
/* The compiler arguments that force-include the header and make redefinitions visible. */
void seh_add_args(const char *header, arg_list *out);
/* For a parse with a precompiled prefix: the arguments that read the header again after
 * the prefix (a copy under another name: a file the prefix read is not read twice). */
void seh_after_pch(const arg_list *args, arg_list *out);
/* If the arguments force-include an SEH header and the project redefined its spellings,
 * parse `file` again with those lines blanked and return the new translation unit (tu is
 * disposed); otherwise return tu. */
CXTranslationUnit seh_reparse(CXIndex idx, const char *file, const arg_list *args, CXTranslationUnit tu);
/* Remove temporary headers written by this process. */
void seh_cleanup(void);
#endif
