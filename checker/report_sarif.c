/* SARIF 2.1.0 report, built with jansson: one run, every enabled rule with its page as
 * help (text and Markdown, for GitHub code scanning), results with relative artifact URIs,
 * related locations and fingerprints stable under line shifts. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"
#include "util.h"

/* Path of file relative to the working directory, with '/' separators, percent-encoded. */
static char *relative_uri(const char *file) {
  char *rel = report_relative_path(file);
  strbuf out = {0};
  for (const char *p = rel; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (isalnum(ch) || strchr("-._~/", ch))
      sb_putc(&out, (char)ch);
    else
      sb_printf(&out, "%%%02X", ch);
  }
  free(rel);
  if (!out.s) sb_puts(&out, "");
  return out.s;
}

/* A JSON string of s made safe (see report_clean). */
static json_t *clean_str(const char *s, bool keep_newlines) {
  char *c = report_clean(s, keep_newlines);
  json_t *j = json_string(c);
  free(c);
  return j ? j : json_string("");
}

static json_t *phys(const char *file, int line, int col) {
  char *uri = relative_uri(file);
  json_t *pl = json_pack("{s:{s:s},s:{s:i,s:i}}", "artifactLocation", "uri", uri, "region", "startLine",
                         line > 0 ? line : 1, "startColumn", col > 0 ? col : 1);
  free(uri);
  return pl;
}

static const char *level(severity s) { return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note"; }

/* The rule's display name: its id in PascalCase (SARIF wants name != id). */
static char *pascal_name(const char *id) {
  char *n = xstrdup(id), *w = n;
  bool up = true;
  for (const char *p = id; *p; p++) {
    if (*p == '-') {
      up = true;
      continue;
    }
    *w++ = up ? (char)toupper((unsigned char)*p) : *p;
    up = false;
  }
  *w = 0;
  return n;
}

/* tool.driver.rules entry; help is the rule's page (text and Markdown) when it has one. */
static json_t *rule_descriptor(const char *id, const char *summary, const char *help_fallback, severity sev) {
  char *name = pascal_name(id), *doc = report_rule_doc(id);
  json_t *help = json_object();
  json_object_set_new(help, "text", clean_str(doc ? doc : help_fallback, true));
  if (doc) json_object_set_new(help, "markdown", clean_str(doc, true));
  json_t *d = json_pack("{s:s,s:s,s:{s:o},s:{s:o},s:o,s:{s:s}}", "id", id, "name", name, "shortDescription",
                        "text", clean_str(summary, false), "fullDescription", "text", clean_str(summary, false),
                        "help", help, "defaultConfiguration", "level", level(sev));
  free(name);
  free(doc);
  return d;
}

static json_t *driver_rules(const report_opts *o, const finding_list *l) {
  json_t *rules = json_array();
  for (int i = 0; i < rule_count; i++) {
    if (!report_rule_enabled(o, i)) continue;
    const rule_info *r = &rule_table[i];
    json_array_append_new(rules, rule_descriptor(r->id, r->summary, r->summary, report_rule_severity(o, i)));
  }
  json_array_append_new(rules, rule_descriptor("compiler-error", report_rule_summary("compiler-error"),
                                               "fix the compiler error or the include paths / defines", SEV_ERROR));
  for (int i = 0; i < l->n; i++) /* --warn-unused-suppressions reported some */
    if (!strcmp(l->v[i].rule, "unused-suppression")) {
      json_array_append_new(rules, rule_descriptor("unused-suppression", report_rule_summary("unused-suppression"),
                                                   "remove the suppression comment or fix its rule list", SEV_WARNING));
      break;
    }
  return rules;
}

static int rule_index(json_t *rules, const char *id) {
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) if (!strcmp(json_string_value(json_object_get(r, "id")), id)) return (int)i;
  return -1;
}

static json_t *result(const finding *f, const char *fp, int index) {
  json_t *r = json_pack("{s:s,s:s,s:{s:o},s:[{s:o}],s:{s:s}}", "ruleId", f->rule, "level", level(f->sev),
                        "message", "text", clean_str(f->msg, false), "locations", "physicalLocation",
                        phys(f->file, f->line, f->col), "partialFingerprints", "drvcheckFingerprint/v1", fp);
  if (index >= 0) json_object_set_new(r, "ruleIndex", json_integer(index));
  if (f->nnotes) {
    json_t *rel = json_array();
    for (int k = 0; k < f->nnotes; k++)
      json_array_append_new(rel, json_pack("{s:i,s:{s:o},s:o}", "id", k, "message", "text",
                                           clean_str(f->notes[k].msg, false), "physicalLocation",
                                           phys(f->notes[k].file, f->notes[k].line, f->notes[k].col)));
    json_object_set_new(r, "relatedLocations", rel);
  }
  return r;
}

bool report_sarif(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  json_t *rules = driver_rules(o, l);
  json_t *results = json_array();
  char **fps = report_fingerprints(l, src);
  for (int i = 0; i < l->n; i++)
    json_array_append_new(results, result(&l->v[i], fps[i], rule_index(rules, l->v[i].rule)));
  report_free_strings(fps, l->n);
  json_t *log = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o,s:s}]}", "$schema",
                          "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool", "driver",
                          "name", "drvcheck", "version", DRVCHECK_VERSION, "rules", rules, "results", results,
                          "columnKind", "unicodeCodePoints");
  int rc = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(log);
  return rc == 0;
}
