/* Baseline files (see baseline.h). Format:
 *   {"drvcheckBaseline": 1,
 *    "findings": [{"fingerprint": "…", "count": 1, "rule": "…", "file": "…",
 *                  "function": "…", "text": "…", "message": "…"}, …]}
 * Only fingerprint and count are used for matching; the rest is for people reading it. */
#include "baseline.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

enum { BASELINE_VERSION = 1 };

struct baseline {
  intern_table fps; /* fingerprint -> id */
  int *left;        /* per id: findings it may still hide */
};

/* The reported line with runs of white space made one space, trimmed. */
static char *line_text(source_cache *src, const finding *f) {
  const char *t = source_line(src, f->file, f->line);
  strbuf b = {0};
  bool space = false;
  for (const char *p = t ? t : ""; *p; p++) {
    if (isspace((unsigned char)*p)) {
      space = b.len > 0;
      continue;
    }
    if (space) sb_putc(&b, ' ');
    space = false;
    sb_putc(&b, *p);
  }
  return b.s ? b.s : xstrdup("");
}

static json_t *entry(const finding *f, const char *fp, source_cache *src) {
  char *rel = report_relative_path(f->file), *text = line_text(src, f);
  char *clean_text = report_clean(text, false), *clean_msg = report_clean(f->msg, false);
  json_t *e = json_pack("{s:s,s:i,s:s,s:s,s:s?,s:s,s:s}", "fingerprint", fp, "count", 1, "rule", f->rule, "file", rel,
                        "function", f->function, "text", clean_text, "message", clean_msg);
  free(rel);
  free(text);
  free(clean_text);
  free(clean_msg);
  return e;
}

bool baseline_write(const char *path, const finding_list *l, source_cache *src, char **err) {
  json_t *arr = json_array();
  intern_table seen = {0};
  for (int i = 0; i < l->n; i++) {
    char *fp = finding_fingerprint(&l->v[i], src);
    size_t before = seen.n;
    int id = intern(&seen, fp);
    if (seen.n > before) {
      json_array_append_new(arr, entry(&l->v[i], fp, src));
    } else { /* the same fingerprint again: one more finding it hides */
      json_t *e = json_array_get(arr, (size_t)id);
      json_object_set_new(e, "count", json_integer(json_integer_value(json_object_get(e, "count")) + 1));
    }
    free(fp);
  }
  intern_free(&seen);
  json_t *doc = json_pack("{s:i,s:o}", "drvcheckBaseline", BASELINE_VERSION, "findings", arr);
  char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
  bool ok = json_dump_file(doc, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0;
  json_decref(doc);
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    *err = xasprintf("%s: cannot write the baseline: %s", path, strerror(errno));
    unlink(tmp);
  }
  free(tmp);
  return ok;
}

baseline *baseline_read(const char *path, char **err) {
  json_error_t je;
  json_t *doc = json_load_file(path, 0, &je);
  if (!doc) {
    *err = je.line > 0 ? xasprintf("%s:%d: not a drvcheck baseline: %s", path, je.line, je.text)
                       : xasprintf("%s: cannot read the baseline: %s", path, je.text);
    return NULL;
  }
  json_t *arr = json_object_get(doc, "findings");
  if (!json_is_integer(json_object_get(doc, "drvcheckBaseline")) || !json_is_array(arr)) {
    *err = xasprintf("%s: not a drvcheck baseline (written by --write-baseline)", path);
    json_decref(doc);
    return NULL;
  }
  baseline *b = xcalloc(1, sizeof *b);
  int cap = 0;
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) {
    const char *fp = json_string_value(json_object_get(e, "fingerprint"));
    json_t *cnt = json_object_get(e, "count");
    if (!fp || (cnt && !json_is_integer(cnt))) {
      *err = xasprintf("%s: entry %zu of \"findings\" needs a \"fingerprint\" string (and an integer \"count\")",
                       path, i + 1);
      json_decref(doc);
      baseline_free(b);
      return NULL;
    }
    size_t before = b->fps.n;
    int id = intern(&b->fps, fp);
    if (b->fps.n > before) { /* first entry of this fingerprint */
      VEC_RESERVE(b->left, cap, (size_t)id + 1);
      b->left[id] = 0;
    }
    b->left[id] += cnt ? (int)json_integer_value(cnt) : 1;
  }
  json_decref(doc);
  return b;
}

int baseline_filter(baseline *b, finding_list *l, source_cache *src) {
  int hidden = 0, w = 0;
  for (int i = 0; i < l->n; i++) {
    char *fp = finding_fingerprint(&l->v[i], src);
    int id = intern_find(&b->fps, fp);
    free(fp);
    if (id >= 0 && b->left[id] > 0) {
      b->left[id]--;
      hidden++;
      finding_free(&l->v[i]);
      continue;
    }
    l->v[w++] = l->v[i];
  }
  l->n = w;
  return hidden;
}

void baseline_free(baseline *b) {
  if (!b) return;
  intern_free(&b->fps);
  free(b->left);
  free(b);
}
