/* Small shared utilities: arena allocation, growable arrays, string helpers. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct arena_chunk {
  arena_chunk *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

static void oom(void) {
  fputs("drvcheck: error: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}
void *xcalloc(size_t n, size_t m) {
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p) oom();
  return p;
}
void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) oom();
  return p;
}
char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}
char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  arena_chunk *c = a->head;
  if (!c || c->used + size > c->size) {
    size_t cs = size > 65536 ? size : 65536;
    c = xmalloc(sizeof *c + cs);
    c->size = cs;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}
char *arena_strndup(arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}
char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }
char *arena_printf(arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}
void arena_free(arena *a) {
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *n = c->next;
    free(c);
    c = n;
  }
  a->head = NULL;
}

void sb_putc(strbuf *b, char c) {
  VEC_RESERVE(b->s, b->cap, b->len + 2);
  b->s[b->len++] = c;
  b->s[b->len] = 0;
}
void sb_puts(strbuf *b, const char *s) {
  size_t n = strlen(s);
  VEC_RESERVE(b->s, b->cap, b->len + n + 1);
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}
void sb_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  VEC_RESERVE(b->s, b->cap, b->len + (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}
void sb_free(strbuf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  return h;
}
uint64_t hash_str(const char *s) { return hash_bytes(s, strlen(s), 0); }

static void intern_rehash(intern_table *t) {
  size_t ns = t->nslots ? t->nslots * 2 : 64;
  uint32_t *slots = xcalloc(ns, sizeof *slots);
  for (size_t i = 0; i < t->n; i++) {
    size_t h = hash_str(t->strs[i]) & (ns - 1);
    while (slots[h]) h = (h + 1) & (ns - 1);
    slots[h] = (uint32_t)i + 1;
  }
  free(t->slots);
  t->slots = slots;
  t->nslots = ns;
}
int intern_find(const intern_table *t, const char *s) {
  if (!t->nslots) return -1;
  size_t h = hash_str(s) & (t->nslots - 1);
  while (t->slots[h]) {
    if (!strcmp(t->strs[t->slots[h] - 1], s)) return (int)t->slots[h] - 1;
    h = (h + 1) & (t->nslots - 1);
  }
  return -1;
}
int intern(intern_table *t, const char *s) {
  int id = intern_find(t, s);
  if (id >= 0) return id;
  if ((t->n + 1) * 2 > t->nslots) intern_rehash(t);
  VEC_PUSH(t->strs, t->n, t->cap, xstrdup(s));
  size_t h = hash_str(s) & (t->nslots - 1);
  while (t->slots[h]) h = (h + 1) & (t->nslots - 1);
  t->slots[h] = (uint32_t)t->n;
  return (int)t->n - 1;
}
void intern_free(intern_table *t) {
  for (size_t i = 0; i < t->n; i++) free(t->strs[i]);
  free(t->strs);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

bool name_in(const char *name, const char *const *list) {
  if (!name) return false;
  for (; *list; list++)
    if (!strcmp(name, *list)) return true;
  return false;
}

bool path_is_dir(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}
bool path_is_file(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}
void make_dirs(const char *dir) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", dir);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      mkdir(tmp, 0755);
      *p = '/';
    }
  mkdir(tmp, 0755);
}
