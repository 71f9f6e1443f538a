/* Analysis of one translation unit: parse, report compiler errors, lower, run the engine
 * with every enabled rule. */
#ifndef DRVCHECK_ANALYZE_H
#define DRVCHECK_ANALYZE_H
#include <clang-c/Index.h>
#include <stdbool.h>

#include "findings.h"
#include "parse.h"

typedef struct rule_config {
  bool enabled[64];    /* by index into rule_table */
  severity sev[64];
  bool dump_cfg;       /* print the lowered CFG to stderr (debugging) */
  bool no_cache;       /* do not use precompiled header prefixes */
} rule_config;

/* Fill cfg with each rule's defaults. */
void rule_config_defaults(rule_config *cfg);

/* Analyse `file` with the given full compiler arguments, appending findings to out.
 * Returns 0 on success, -1 if the file could not be analysed (*err set, malloc'd). */
int analyze_file(CXIndex idx, const char *file, const arg_list *args, const rule_config *cfg, finding_list *out,
                 char **err);
#endif
