/* Report writers: text (clang-style diagnostics) and SARIF 2.1.0. */
#ifndef DRVCHECK_REPORT_H
#define DRVCHECK_REPORT_H
#include <stdbool.h>
#include <stdio.h>

#include "analyze.h"
#include "findings.h"
#include "source.h"

typedef struct report_opts {
  bool color;
  bool show_source;
  const rule_config *rules; /* enabled rules for SARIF metadata */
} report_opts;

/* True if name is an output format drvcheck can write. */
bool report_format_known(const char *name);
/* The formats, for messages ("text or sarif"). */
const char *report_format_list(void);
/* Write findings in the named format; returns false on a write error. */
bool report_write(FILE *out, const char *format, const finding_list *l, source_cache *src, const report_opts *o);

/* Write findings in clang's diagnostic format. */
void report_text(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write one SARIF 2.1.0 log with a single run; returns false on a write error. */
bool report_sarif(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* A fingerprint of a finding that does not change when lines are inserted above it. */
char *finding_fingerprint(const finding *f, source_cache *src);
#endif
