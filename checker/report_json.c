/* JSON report: drvcheck's own documented schema (docs/json-format.md), for scripts and
 * dashboards that want findings without SARIF's weight. Built with jansson. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"

enum { JSON_FORMAT_VERSION = 1 };

static json_t *clean_str(const char *s) {
  char *c = report_clean(s, false);
  json_t *j = json_string(c);
  free(c);
  return j ? j : json_string("");
}

static json_t *notes_of(const finding *f) {
  json_t *a = json_array();
  for (int k = 0; k < f->nnotes; k++) {
    const note *n = &f->notes[k];
    json_array_append_new(a, json_pack("{s:o,s:i,s:i,s:o}", "file", clean_str(n->file), "line", n->line, "column",
                                       n->col, "message", clean_str(n->msg)));
  }
  return a;
}

static json_t *finding_json(const finding *f, const char *fp) {
  return json_pack("{s:s,s:s,s:o,s:i,s:i,s:o,s:o,s:s,s:o}", "rule", f->rule, "severity", severity_name(f->sev), "file",
                   clean_str(f->file), "line", f->line, "column", f->col, "message", clean_str(f->msg), "function",
                   f->function ? clean_str(f->function) : json_null(), "fingerprint", fp, "notes", notes_of(f));
}

/* Counts by severity, by rule (every enabled rule, zero included) and files with findings. */
static json_t *summary(const finding_list *l, const report_opts *o) {
  int by_sev[3] = {0, 0, 0}, files = 0;
  json_t *by_rule = json_object();
  for (int i = 0; i < rule_count; i++)
    if (report_rule_enabled(o, i)) json_object_set_new(by_rule, rule_table[i].id, json_integer(0));
  for (int i = 0; i < l->n; i++) {
    const finding *f = &l->v[i];
    by_sev[f->sev]++;
    json_t *c = json_object_get(by_rule, f->rule);
    json_object_set_new(by_rule, f->rule, json_integer(c ? json_integer_value(c) + 1 : 1));
    if (i == 0 || strcmp(l->v[i - 1].file, f->file)) files++; /* the list is sorted by file */
  }
  return json_pack("{s:i,s:{s:i,s:i,s:i},s:o,s:i}", "total", l->n, "by_severity", "error", by_sev[SEV_ERROR],
                   "warning", by_sev[SEV_WARNING], "note", by_sev[SEV_NOTE], "by_rule", by_rule, "files", files);
}

bool report_json(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  json_t *findings = json_array();
  char **fps = report_fingerprints(l, src);
  for (int i = 0; i < l->n; i++) json_array_append_new(findings, finding_json(&l->v[i], fps[i]));
  report_free_strings(fps, l->n);
  json_t *doc = json_pack("{s:i,s:{s:s,s:s},s:o,s:o}", "version", JSON_FORMAT_VERSION, "tool", "name", "drvcheck",
                          "version", DRVCHECK_VERSION, "findings", findings, "summary", summary(l, o));
  int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(doc);
  return rc == 0;
}
