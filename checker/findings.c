/* Findings list operations (see findings.h). */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

finding *findings_add(finding_list *l, const char *rule, severity sev, const char *file, int line, int col,
                      const char *function, const char *msg) {
  finding f = {0};
  f.rule = rule;
  f.sev = sev;
  f.file = xstrdup(file ? file : "");
  f.line = line;
  f.col = col;
  f.msg = xstrdup(msg);
  f.function = function ? xstrdup(function) : NULL;
  VEC_PUSH(l->v, l->n, l->cap, f);
  return &l->v[l->n - 1];
}

void finding_add_note(finding *f, const char *file, int line, int col, const char *msg) {
  f->notes = xrealloc(f->notes, sizeof(note) * (size_t)(f->nnotes + 1));
  note *n = &f->notes[f->nnotes++];
  n->file = xstrdup(file ? file : "");
  n->line = line;
  n->col = col;
  n->msg = xstrdup(msg);
}

void findings_append(finding_list *dst, finding_list *src) {
  for (int i = 0; i < src->n; i++) VEC_PUSH(dst->v, dst->n, dst->cap, src->v[i]);
  free(src->v);
  src->v = NULL;
  src->n = src->cap = 0;
}

static int cmp_finding(const void *a, const void *b) {
  const finding *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  c = strcmp(x->rule, y->rule);
  if (c) return c;
  /* of several findings at one place, the one whose related location comes first wins */
  if (x->nnotes && y->nnotes) {
    c = strcmp(x->notes[0].file, y->notes[0].file);
    if (c) return c;
    if (x->notes[0].line != y->notes[0].line) return x->notes[0].line < y->notes[0].line ? -1 : 1;
    if (x->notes[0].col != y->notes[0].col) return x->notes[0].col < y->notes[0].col ? -1 : 1;
  }
  c = strcmp(x->msg, y->msg);
  if (c) return c;
  return x->nnotes - y->nnotes;
}

bool findings_once_per_line(const char *rule) {
  return !strcmp(rule, "user-access-outside-try") || !strcmp(rule, "postop-buffer-unsafe");
}

void finding_free(finding *f) {
  free(f->file);
  free(f->msg);
  free(f->function);
  for (int i = 0; i < f->nnotes; i++) {
    free(f->notes[i].file);
    free(f->notes[i].msg);
  }
  free(f->notes);
}

void findings_sort_unique(finding_list *l) {
  if (l->n > 1) qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_finding);
  int w = 0;
  for (int i = 0; i < l->n; i++) {
    finding *f = &l->v[i];
    bool dup = false;
    for (int j = w - 1; j >= 0; j--) {
      finding *g = &l->v[j];
      if (strcmp(g->file, f->file) || g->line != f->line) break;
      if (strcmp(g->rule, f->rule)) continue;
      if (g->col == f->col || findings_once_per_line(f->rule)) {
        dup = true;
        break;
      }
    }
    if (dup)
      finding_free(f);
    else
      l->v[w++] = *f;
  }
  l->n = w;
}

void findings_free(finding_list *l) {
  for (int i = 0; i < l->n; i++) finding_free(&l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

const char *severity_name(severity s) { return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note"; }

bool severity_parse(const char *s, severity *out) {
  if (!strcmp(s, "error")) *out = SEV_ERROR;
  else if (!strcmp(s, "warning")) *out = SEV_WARNING;
  else if (!strcmp(s, "note")) *out = SEV_NOTE;
  else return false;
  return true;
}
