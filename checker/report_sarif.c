/* SARIF 2.1.0 report, built with jansson. */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "rules.h"
#include "util.h"

/* Path of file relative to the working directory, with '/' separators, percent-encoded. */
static char *relative_uri(const char *file) {
  char abs[PATH_MAX], cwd[PATH_MAX];
  const char *p = file;
  char *rel = NULL;
  if (realpath(file, abs) && getcwd(cwd, sizeof cwd)) {
    size_t i = 0, last = 0;
    while (abs[i] && cwd[i] && abs[i] == cwd[i]) {
      if (abs[i] == '/') last = i;
      i++;
    }
    if (!cwd[i] && (abs[i] == '/' || !abs[i])) last = i;
    strbuf b = {0};
    for (const char *c = cwd + last; *c; c++)
      if (*c == '/' && c[1]) sb_puts(&b, "../");
    sb_puts(&b, abs[last] == '/' ? abs + last + 1 : abs + last);
    rel = b.s;
    p = rel;
  }
  strbuf out = {0};
  for (; *p; p++) {
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

char *finding_fingerprint(const finding *f, source_cache *src) {
  const char *text = source_line(src, f->file, f->line);
  strbuf norm = {0};
  for (const char *p = text ? text : ""; *p; p++)
    if (!isspace((unsigned char)*p)) sb_putc(&norm, *p);
  uint64_t h = hash_str(f->rule);
  const char *base = strrchr(f->file, '/');
  h = hash_bytes(base ? base + 1 : f->file, strlen(base ? base + 1 : f->file), h);
  if (f->function) h = hash_bytes(f->function, strlen(f->function), h);
  if (norm.s) h = hash_bytes(norm.s, norm.len, h);
  sb_free(&norm);
  return xasprintf("%016llx", (unsigned long long)h);
}

static json_t *phys(const char *file, int line, int col) {
  char *uri = relative_uri(file);
  json_t *pl = json_pack("{s:{s:s},s:{s:i,s:i}}", "artifactLocation", "uri", uri, "region", "startLine",
                         line > 0 ? line : 1, "startColumn", col > 0 ? col : 1);
  free(uri);
  return pl;
}

static const char *level(severity s) { return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note"; }

bool report_sarif(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  json_t *rules = json_array();
  for (int i = 0; i < rule_count; i++) {
    if (o->rules && !o->rules->enabled[i]) continue;
    const rule_info *r = &rule_table[i];
    severity sev = o->rules ? o->rules->sev[i] : r->sev;
    json_array_append_new(rules, json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s},s:{s:s}}", "id", r->id, "name",
                                           r->id, "shortDescription", "text", r->summary, "fullDescription", "text",
                                           r->summary, "help", "text", r->summary, "defaultConfiguration", "level",
                                           level(sev)));
  }
  json_array_append_new(rules, json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s},s:{s:s}}", "id", "compiler-error",
                                         "name", "compiler-error", "shortDescription", "text",
                                         "the compiler reported an error in this input", "fullDescription", "text",
                                         "the compiler reported an error; the rest of the file was analysed as far "
                                         "as the syntax tree allows",
                                         "help", "text", "fix the compiler error or the include paths / defines",
                                         "defaultConfiguration", "level", "error"));
  json_t *results = json_array();
  for (int i = 0; i < l->n; i++) {
    const finding *f = &l->v[i];
    char *fp = finding_fingerprint(f, src);
    json_t *r = json_pack("{s:s,s:s,s:{s:s},s:[{s:o}],s:{s:s}}", "ruleId", f->rule, "level", level(f->sev),
                          "message", "text", f->msg, "locations", "physicalLocation", phys(f->file, f->line, f->col),
                          "partialFingerprints", "drvcheckFingerprint/v1", fp);
    free(fp);
    if (f->nnotes) {
      json_t *rel = json_array();
      for (int k = 0; k < f->nnotes; k++)
        json_array_append_new(rel, json_pack("{s:i,s:{s:s},s:o}", "id", k, "message", "text", f->notes[k].msg,
                                             "physicalLocation",
                                             phys(f->notes[k].file, f->notes[k].line, f->notes[k].col)));
      json_object_set_new(r, "relatedLocations", rel);
    }
    json_array_append_new(results, r);
  }
  json_t *log = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o,s:s}]}", "$schema",
                          "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool", "driver",
                          "name", "drvcheck", "version", DRVCHECK_VERSION, "rules", rules, "results", results,
                          "columnKind", "unicodeCodePoints");
  int rc = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(log);
  return rc == 0;
}
