/* Parsing: builds the compiler arguments for a source file (the built-in Windows-kernel
 * configuration unless the user's flags point at a real WDK) and runs libclang. */
#ifndef DRVCHECK_PARSE_H
#define DRVCHECK_PARSE_H
#include <clang-c/Index.h>
#include <stdbool.h>

typedef struct arg_list {
  char **v;
  int n, cap;
} arg_list;

/* Append a copy of s. */
void args_push(arg_list *a, const char *s);
void args_free(arg_list *a);

/* True if the arguments name include directories of a real WDK (km headers). */
bool parse_args_have_wdk(const arg_list *user);

/* The full argument list for parsing a file with the given user arguments (from the
 * command line after `--` and/or compile_commands.json). */
void parse_build_args(const arg_list *user, arg_list *out);

/* Directory of drvcheck's own fallback headers. */
const char *parse_include_dir(void);

/* Parse `file`; on failure returns NULL and sets *err to a malloc'd message. */
CXTranslationUnit parse_file(CXIndex idx, const char *file, const arg_list *args, char **err);
#endif
