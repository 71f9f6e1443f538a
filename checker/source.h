/* Source text access for reports (the line under a caret) and suppression comments. */
#ifndef DRVCHECK_SOURCE_H
#define DRVCHECK_SOURCE_H
#include <stdbool.h>

#include "findings.h"

typedef struct source_cache source_cache;

source_cache *source_cache_new(void);
void source_cache_free(source_cache *c);
/* The text of line `line` (1-based) of file, without its newline, or NULL. */
const char *source_line(source_cache *c, const char *file, int line);

/* Drop findings silenced by NOLINT / NOLINTNEXTLINE / NOLINTBEGIN..NOLINTEND comments. */
void suppress_findings(source_cache *c, finding_list *l);
#endif
