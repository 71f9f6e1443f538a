/* Lowering: libclang translation unit -> tu_model (functions as CFGs of events). */
#ifndef DRVCHECK_LOWER_H
#define DRVCHECK_LOWER_H
#include <clang-c/Index.h>

#include "ir.h"

/* Lower every function definition and registration table of the translation unit into
 * `tu` (which must be zero-initialised). `main_file` is the path the user gave. */
void lower_tu(CXTranslationUnit ctu, const char *main_file, tu_model *tu);
/* Free everything the model owns. */
void tu_free(tu_model *tu);
/* Index of file name in tu->files, adding it (system: whether it is a system header). */
int tu_file_index(tu_model *tu, const char *name, bool system);
#endif
