/* `drvcheck merge A.sarif B.sarif ... -o all.sarif`: the SARIF reports of the shards of
 * one check (--shard K/N) joined into one log with one run. */
#ifndef DRVCHECK_MERGE_H
#define DRVCHECK_MERGE_H
#include <jansson.h>

/* The merged log of the SARIF files (rules: union by id; results: sorted by location,
 * rule and message, duplicates once; ruleIndex recomputed); NULL with *err set if a file
 * cannot be read, is not SARIF, or comes from another tool. */
json_t *merge_sarif(const char *const *paths, int n, char **err);
#endif
