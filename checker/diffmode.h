/* Diff mode: a unified diff (as `git diff -U0` writes it, with or without context lines)
 * tells which lines of which files a change added or modified; findings elsewhere are
 * dropped. Paths in the diff may carry git's a/ b/ prefixes and be relative to the
 * repository root or to the working directory; renames, new files and deletions
 * (/dev/null) are understood. */
#ifndef DRVCHECK_DIFFMODE_H
#define DRVCHECK_DIFFMODE_H
#include <stdbool.h>

#include "findings.h"

typedef struct diff_set diff_set;

/* Read a diff from path ("-": standard input); NULL with *err set if it cannot be read. */
diff_set *diff_read(const char *path, char **err);
/* True if the diff adds or changes line `line` of file. */
bool diff_has_line(diff_set *d, const char *file, int line);
/* True if the diff adds or changes some line of file. */
bool diff_touches(diff_set *d, const char *file);
/* True if every file the diff adds lines to is a C source (.c), no header: then only the
 * translation units of those files can have findings on changed lines. */
bool diff_only_sources(const diff_set *d);
/* Drop the findings of l whose line the diff does not add or change; returns how many. */
int diff_filter(diff_set *d, finding_list *l);
/* Free a diff of diff_read. */
void diff_free(diff_set *d);
#endif
