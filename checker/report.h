/* Report writers: text (clang-style diagnostics), JSON, SARIF 2.1.0, GitHub workflow
 * annotations, GitLab Code Quality and a self-contained HTML review page; plus the helpers
 * they share (string cleaning, relative paths, unique fingerprints, rule pages). */
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
/* The formats, for messages ("text, json, ..."). */
const char *report_format_list(void);
/* Write findings in the named format; returns false on a write error. */
bool report_write(FILE *out, const char *format, const finding_list *l, source_cache *src, const report_opts *o);

/* Write findings in clang's diagnostic format. */
void report_text(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write one SARIF 2.1.0 log with a single run; returns false on a write error. */
bool report_sarif(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write the JSON report of docs/json-format.md; returns false on a write error. */
bool report_json(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write GitHub Actions workflow commands (::error file=...::message); false on a write error. */
bool report_github(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write a GitLab Code Quality report (a JSON array of issues); false on a write error. */
bool report_codequality(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);
/* Write a self-contained HTML review page; false on a write error. */
bool report_html(FILE *out, const finding_list *l, source_cache *src, const report_opts *o);

/* A fingerprint of a finding that does not change when lines are inserted above it. */
char *finding_fingerprint(const finding *f, source_cache *src);
/* One fingerprint per finding of l (same order), unique within the list: a finding whose
 * fingerprint repeats an earlier one's gets its occurrence number mixed in. Free with
 * report_free_strings(v, l->n). */
char **report_fingerprints(const finding_list *l, source_cache *src);
/* Free an array of n malloc'd strings and the array. */
void report_free_strings(char **v, int n);

/* A malloc'd copy of s that is safe to show anywhere: control characters (C0 but tab,
 * DEL, C1, and newlines unless keep_newlines), bidirectional-override characters and
 * bytes that are not UTF-8 become '?', one per byte (so byte columns keep their place). */
char *report_clean(const char *s, bool keep_newlines);
/* Path of file relative to the working directory with '/' separators; the path as
 * given when it cannot be resolved (malloc'd). */
char *report_relative_path(const char *file);
/* One-line summary of a rule id (also compiler-error); "" if unknown. */
const char *report_rule_summary(const char *id);
/* True if the rule is enabled in o (compiler-error always is). */
bool report_rule_enabled(const report_opts *o, int rule_index);
/* The configured severity of rule_table[rule_index]. */
severity report_rule_severity(const report_opts *o, int rule_index);

/* Directory of the documentation: $DRVCHECK_DOCS_DIR, the installed docs, or the source tree's. */
const char *report_docs_dir(void);
/* The Markdown page docs/rules/<id>.md (malloc'd, cleaned), or NULL if there is none. */
char *report_rule_doc(const char *id);
/* --explain: print the rule's page to out; returns the exit status (0, or 2 for an
 * unknown rule or a missing page, with a message on stderr). */
int report_explain(FILE *out, const char *id);
#endif
