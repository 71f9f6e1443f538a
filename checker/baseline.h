/* Baselines: the findings a project has accepted, recorded by fingerprint (rule, file
 * name, function, the reported line's text without white space; see
 * finding_fingerprint) with a count, so that a later run reports only new findings and an
 * edit elsewhere in the file (lines inserted above) does not bring old ones back. JSON. */
#ifndef DRVCHECK_BASELINE_H
#define DRVCHECK_BASELINE_H
#include <stdbool.h>

#include "findings.h"
#include "source.h"

typedef struct baseline baseline;

/* Write the findings of l to path as a baseline (atomically); false with *err set. */
bool baseline_write(const char *path, const finding_list *l, source_cache *src, char **err);
/* Read a baseline; NULL with *err set if it cannot be read or is not one. */
baseline *baseline_read(const char *path, char **err);
/* Remove from l (sorted) the findings the baseline records, each fingerprint hiding at
 * most as many findings as its count; returns the number hidden. */
int baseline_filter(baseline *b, finding_list *l, source_cache *src);
/* Free a baseline of baseline_read. */
void baseline_free(baseline *b);
#endif
