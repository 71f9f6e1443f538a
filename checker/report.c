/* Report format dispatch (the one place that knows every output format) and the helpers
 * the writers share: string cleaning, relative paths, unique fingerprints, rule pages. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "report.h"
#include "rules.h"
#include "util.h"

typedef bool (*writer_fn)(FILE *, const finding_list *, source_cache *, const report_opts *);

static bool write_text(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  report_text(out, l, src, o);
  return !ferror(out);
}

static const struct {
  const char *name;
  writer_fn write;
} formats[] = {
    {"text", write_text},          {"json", report_json},
    {"sarif", report_sarif},       {"github", report_github},
    {"codequality", report_codequality}, {"html", report_html},
};
enum { NFORMATS = sizeof formats / sizeof formats[0] };

bool report_format_known(const char *name) {
  for (int i = 0; i < NFORMATS; i++)
    if (!strcmp(formats[i].name, name)) return true;
  return false;
}

const char *report_format_list(void) { return "text, json, sarif, github, codequality or html"; }

bool report_write(FILE *out, const char *format, const finding_list *l, source_cache *src, const report_opts *o) {
  for (int i = 0; i < NFORMATS; i++)
    if (!strcmp(formats[i].name, format)) return formats[i].write(out, l, src, o) && !ferror(out);
  return write_text(out, l, src, o);
}

/* ---- strings ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes there are not one;
 * *cp receives the code point. */
static int utf8_seq(const unsigned char *s, unsigned *cp) {
  unsigned c = s[0];
  int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (!n) return 0;
  unsigned v = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

static bool unsafe_code_point(unsigned cp, bool keep_newlines) {
  if (cp == '\t' || (cp == '\n' && keep_newlines)) return false;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  /* bidirectional embeddings, overrides and isolates can make shown code lie */
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

char *report_clean(const char *s, bool keep_newlines) {
  size_t n = strlen(s);
  char *out = xmalloc(n + 1);
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned cp = 0;
    int len = utf8_seq(p + i, &cp);
    bool bad = len == 0 || unsafe_code_point(cp, keep_newlines);
    if (len == 0) len = 1;
    for (int k = 0; k < len; k++) out[i + k] = bad ? '?' : (char)p[i + k];
    i += (size_t)len;
  }
  out[n] = 0;
  return out;
}

char *report_relative_path(const char *file) {
  char abs[PATH_MAX], cwd[PATH_MAX];
  if (!realpath(file, abs) || !getcwd(cwd, sizeof cwd)) return xstrdup(file);
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
  return b.s ? b.s : xstrdup(file);
}

/* ---- fingerprints ------------------------------------------------------------------- */

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

char **report_fingerprints(const finding_list *l, source_cache *src) {
  size_t n = (size_t)(l->n ? l->n : 1);
  char **base = xcalloc(n, sizeof *base), **v = xcalloc(n, sizeof *v);
  for (int i = 0; i < l->n; i++) base[i] = finding_fingerprint(&l->v[i], src);
  for (int i = 0; i < l->n; i++) {
    uint32_t seen = 0;
    for (int k = 0; k < i; k++) /* findings are sorted, so the occurrence order is stable */
      if (!strcmp(base[k], base[i])) seen++;
    v[i] = seen ? xasprintf("%016llx", (unsigned long long)hash_bytes(&seen, sizeof seen, hash_str(base[i])))
                : xstrdup(base[i]);
  }
  report_free_strings(base, l->n);
  return v;
}

void report_free_strings(char **v, int n) {
  if (!v) return;
  for (int i = 0; i < n; i++) free(v[i]);
  free(v);
}

/* ---- rules -------------------------------------------------------------------------- */

const char *report_rule_summary(const char *id) {
  const rule_info *r = rule_find(id);
  if (r) return r->summary;
  if (!strcmp(id, "compiler-error"))
    return "the compiler reported an error; the rest of the file was analysed as far as the syntax tree allows";
  if (!strcmp(id, "unused-suppression"))
    return "a NOLINT comment that silences nothing, names an unknown rule or is malformed (--warn-unused-suppressions)";
  return "";
}

bool report_rule_enabled(const report_opts *o, int rule_index) {
  return !o->rules || o->rules->enabled[rule_index];
}

severity report_rule_severity(const report_opts *o, int rule_index) {
  return o->rules ? o->rules->sev[rule_index] : rule_table[rule_index].sev;
}

/* ---- rule pages --------------------------------------------------------------------- */

const char *report_docs_dir(void) {
  const char *env = getenv("DRVCHECK_DOCS_DIR");
  if (env && path_is_dir(env)) return env;
  static _Thread_local char buf[4096];
  return data_dir("docs", DRVCHECK_SOURCE_DOCS_DIR, buf, sizeof buf);
}

static char *read_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  strbuf b = {0};
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf - 1, fp)) > 0) {
    buf[n] = 0;
    if (memchr(buf, 0, n)) break; /* not a text file */
    sb_puts(&b, buf);
  }
  fclose(fp);
  return b.s ? b.s : xstrdup("");
}

char *report_rule_doc(const char *id) {
  if (!rule_find(id)) return NULL; /* only known ids make a path */
  char *path = xasprintf("%s/rules/%s.md", report_docs_dir(), id);
  char *raw = read_file(path);
  free(path);
  if (!raw) return NULL;
  char *clean = report_clean(raw, true);
  free(raw);
  return clean;
}

int report_explain(FILE *out, const char *id) {
  if (!rule_find(id)) {
    fprintf(stderr, "drvcheck: error: unknown rule '%s' (see drvcheck --list-rules)\n", id);
    return 2;
  }
  char *doc = report_rule_doc(id);
  if (!doc) {
    fprintf(stderr, "drvcheck: error: no page for rule '%s' in %s/rules\n", id, report_docs_dir());
    return 2;
  }
  fputs(doc, out);
  if (!*doc || doc[strlen(doc) - 1] != '\n') fputc('\n', out);
  free(doc);
  return fflush(out) == 0 ? 0 : 2;
}
