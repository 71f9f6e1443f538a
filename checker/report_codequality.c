/* GitLab Code Quality report: a JSON array of issues (description, check_name,
 * fingerprint, severity, location.path relative to the working directory — the
 * repository root in a CI job — and location.lines.begin), which GitLab shows in merge
 * requests. Severities: note -> info, warning -> major, error -> critical, and
 * compiler-error -> blocker (the file could not be analysed as a whole). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char *cq_severity(const finding *f) {
  if (!strcmp(f->rule, "compiler-error")) return "blocker";
  return f->sev == SEV_ERROR ? "critical" : f->sev == SEV_WARNING ? "major" : "info";
}

static json_t *clean_str(const char *s) {
  char *c = report_clean(s, false);
  json_t *j = json_string(c);
  free(c);
  return j ? j : json_string("");
}

/* The message, then each related location as "(see path:line: note)". */
static json_t *description(const finding *f) {
  strbuf b = {0};
  sb_puts(&b, f->msg);
  for (int k = 0; k < f->nnotes; k++) {
    char *p = report_relative_path(f->notes[k].file);
    sb_printf(&b, " (see %s:%d: %s)", p, f->notes[k].line, f->notes[k].msg);
    free(p);
  }
  json_t *j = clean_str(b.s);
  sb_free(&b);
  return j;
}

static json_t *issue(const finding *f, const char *fp) {
  char *path = report_relative_path(f->file);
  json_t *j = json_pack("{s:s,s:o,s:s,s:s,s:s,s:{s:o,s:{s:i}}}", "type", "issue", "description", description(f),
                        "check_name", f->rule, "fingerprint", fp, "severity", cq_severity(f), "location", "path",
                        clean_str(path), "lines", "begin", f->line > 0 ? f->line : 1);
  free(path);
  return j;
}

bool report_codequality(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  json_t *issues = json_array();
  char **fps = report_fingerprints(l, src);
  for (int i = 0; i < l->n; i++) json_array_append_new(issues, issue(&l->v[i], fps[i]));
  report_free_strings(fps, l->n);
  int rc = json_dumpf(issues, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(issues);
  return rc == 0;
}
