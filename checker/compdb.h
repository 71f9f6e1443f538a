/* compile_commands.json reading (with jansson). */
#ifndef DRVCHECK_COMPDB_H
#define DRVCHECK_COMPDB_H
#include "parse.h"

typedef struct compdb_entry {
  char *file;     /* absolute path */
  arg_list args;  /* compiler arguments relevant to parsing (no compiler, -c, -o, input) */
} compdb_entry;

typedef struct compdb {
  compdb_entry *v;
  int n, cap;
} compdb;

/* Load BUILD_DIR/compile_commands.json; on error returns false with *err (malloc'd). */
bool compdb_load(const char *build_dir, compdb *db, char **err);
/* The entry for file (compared by real path), or NULL. */
const compdb_entry *compdb_find(const compdb *db, const char *file);
void compdb_free(compdb *db);
#endif
