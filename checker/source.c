/* Source text cache and NOLINT suppressions (see source.h). */
#include "source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct src_file {
  char *name;
  char *text;
  char **lines;
  int nlines;
} src_file;

struct source_cache {
  src_file *files;
  int n, cap;
};

source_cache *source_cache_new(void) { return xcalloc(1, sizeof(source_cache)); }

void source_cache_free(source_cache *c) {
  if (!c) return;
  for (int i = 0; i < c->n; i++) {
    free(c->files[i].name);
    free(c->files[i].text);
    free(c->files[i].lines);
  }
  free(c->files);
  free(c);
}

static src_file *load(source_cache *c, const char *file) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->files[i].name, file)) return &c->files[i];
  src_file sf = {xstrdup(file), NULL, NULL, 0};
  FILE *fp = fopen(file, "rb");
  if (fp) {
    strbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
      VEC_RESERVE(b.s, b.cap, b.len + n + 1);
      memcpy(b.s + b.len, buf, n);
      b.len += n;
      b.s[b.len] = 0;
    }
    fclose(fp);
    sf.text = b.s ? b.s : xstrdup("");
    int cap = 0;
    char *p = sf.text, *end = sf.text + b.len;
    while (p < end || (p == end && sf.nlines == 0 && b.len == 0)) {
      if (p == end) break;
      char *nl = memchr(p, '\n', (size_t)(end - p));
      if (!nl) nl = end;
      *nl = 0;
      if (nl > p && nl[-1] == '\r') nl[-1] = 0;
      VEC_PUSH(sf.lines, sf.nlines, cap, p);
      p = nl + 1;
    }
  }
  VEC_PUSH(c->files, c->n, c->cap, sf);
  return &c->files[c->n - 1];
}

const char *source_line(source_cache *c, const char *file, int line) {
  src_file *f = load(c, file);
  return line >= 1 && line <= f->nlines ? f->lines[line - 1] : NULL;
}

/* Does the rule list after a NOLINT keyword name `rule`? No list: every rule. */
static bool list_names(const char *after, const char *rule) {
  if (*after != '(') return true;
  const char *end = strchr(after, ')');
  if (!end) return false;
  const char *p = after + 1;
  size_t rl = strlen(rule);
  while (p < end) {
    while (p < end && (isspace((unsigned char)*p) || *p == ',')) p++;
    const char *q = p;
    while (q < end && *q != ',' && !isspace((unsigned char)*q)) q++;
    if ((size_t)(q - p) == rl && !strncmp(p, rule, rl)) return true;
    if (q - p == 1 && *p == '*') return true;
    p = q;
  }
  return false;
}

/* Find the NOLINT marker `kw` in a comment of line; return the text right after it. */
static const char *find_marker(const char *line, const char *kw) {
  const char *comment = strstr(line, "//");
  const char *c2 = strstr(line, "/*");
  if (!comment || (c2 && c2 < comment)) comment = c2;
  if (!comment) return NULL;
  size_t n = strlen(kw);
  for (const char *p = strstr(comment, kw); p; p = strstr(p + 1, kw)) {
    const char *after = p + n;
    /* NOLINT must not match NOLINTNEXTLINE etc. */
    if (isalpha((unsigned char)*after)) continue;
    return after;
  }
  return NULL;
}

static bool suppressed(source_cache *c, const finding *f) {
  src_file *sf = load(c, f->file);
  if (f->line < 1 || f->line > sf->nlines) return false;
  const char *a;
  if ((a = find_marker(sf->lines[f->line - 1], "NOLINT")) && list_names(a, f->rule)) return true;
  if (f->line > 1 && (a = find_marker(sf->lines[f->line - 2], "NOLINTNEXTLINE")) && list_names(a, f->rule))
    return true;
  /* NOLINTBEGIN/END regions: scan upwards for an unclosed BEGIN naming the rule */
  int depth = 0;
  for (int i = f->line - 1; i >= 0; i--) {
    const char *ln = sf->lines[i];
    if ((a = find_marker(ln, "NOLINTEND")) && list_names(a, f->rule) && i != f->line - 1) depth++;
    if ((a = find_marker(ln, "NOLINTBEGIN")) && list_names(a, f->rule)) {
      if (depth == 0) return true;
      depth--;
    }
  }
  return false;
}

void suppress_findings(source_cache *c, finding_list *l) {
  int w = 0;
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->v[i].rule, "compiler-error") && suppressed(c, &l->v[i])) {
      finding_list one = {&l->v[i], 1, 1};
      finding tmp = l->v[i];
      (void)one;
      free(tmp.file);
      free(tmp.msg);
      free(tmp.function);
      for (int k = 0; k < tmp.nnotes; k++) {
        free(tmp.notes[k].file);
        free(tmp.notes[k].msg);
      }
      free(tmp.notes);
      continue;
    }
    l->v[w++] = l->v[i];
  }
  l->n = w;
}
