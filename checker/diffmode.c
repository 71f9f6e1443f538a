/* Unified diff reading and the changed-lines filter (see diffmode.h). */
#include "diffmode.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

typedef struct range {
  int start, count; /* new-file lines start .. start+count-1 */
} range;

typedef struct dfile {
  char *raw;      /* the path as written after "+++ " */
  char *path;     /* without a one-letter prefix (b/ ...) */
  char *resolved; /* real path of the file found on disk, or NULL */
  range *r;
  int nr, cap;
} dfile;

struct diff_set {
  dfile *v;
  int n, cap;
  intern_table looked; /* finding file -> id; match[id] = dfile index or -1 */
  int *match;
  int capmatch;
};

/* ---- reading --------------------------------------------------------------------------- */

static char *read_all(FILE *f) {
  strbuf b = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    VEC_RESERVE(b.s, b.cap, b.len + n + 1);
    memcpy(b.s + b.len, buf, n);
    b.len += n;
    b.s[b.len] = 0;
  }
  return b.s ? b.s : xstrdup("");
}

/* A path after "+++ ": C-quoted ("b/a\tb.c") or plain up to a tab (diff's timestamp). */
static char *parse_path(const char *s) {
  strbuf b = {0};
  if (*s != '"') {
    size_t n = strcspn(s, "\t\r");
    while (n > 0 && s[n - 1] == ' ') n--;
    sb_printf(&b, "%.*s", (int)n, s);
    return b.s ? b.s : xstrdup("");
  }
  for (const char *p = s + 1; *p && *p != '"'; p++) {
    if (*p != '\\' || !p[1]) {
      sb_putc(&b, *p);
      continue;
    }
    p++;
    if (*p >= '0' && *p <= '7') { /* octal byte: git quotes UTF-8 this way */
      int v = 0, k = 0;
      for (; k < 3 && *p >= '0' && *p <= '7'; k++, p++) v = v * 8 + (*p - '0');
      p--;
      sb_putc(&b, (char)v);
    } else {
      sb_putc(&b, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p);
    }
  }
  return b.s ? b.s : xstrdup("");
}

static bool exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory holding .git above the working directory, or NULL. */
static char *git_root(void) {
  char dir[PATH_MAX];
  if (!getcwd(dir, sizeof dir)) return NULL;
  for (;;) {
    char *g = xasprintf("%s/.git", dir);
    struct stat st;
    bool found = stat(g, &st) == 0;
    free(g);
    if (found) return xstrdup(dir);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return NULL;
    *slash = 0;
  }
}

/* Find the file a diff path names: relative to the working directory, then to the
 * repository root; with the prefix removed first. */
static void resolve(dfile *f, const char *root) {
  const char *cands[2] = {f->path, f->raw};
  for (int i = 0; i < 2 && !f->resolved; i++) {
    if (i == 1 && !strcmp(f->path, f->raw)) break;
    char real[PATH_MAX];
    if (cands[i][0] == '/') {
      if (exists(cands[i]) && realpath(cands[i], real)) f->resolved = xstrdup(real);
      continue;
    }
    if (exists(cands[i]) && realpath(cands[i], real)) f->resolved = xstrdup(real);
    if (!f->resolved && root) {
      char *p = xasprintf("%s/%s", root, cands[i]);
      if (exists(p) && realpath(p, real)) f->resolved = xstrdup(real);
      free(p);
    }
  }
}

static dfile *add_file(diff_set *d, const char *raw) {
  dfile f = {0};
  f.raw = xstrdup(raw);
  bool prefixed = raw[0] && raw[0] != '/' && raw[0] != '.' && raw[1] == '/';
  f.path = xstrdup(prefixed ? raw + 2 : raw);
  VEC_PUSH(d->v, d->n, d->cap, f);
  return &d->v[d->n - 1];
}

/* "@@ -a[,b] +c[,d] @@": the old and new line counts and the first new line. */
static bool parse_hunk(const char *s, int *old_n, int *new_start, int *new_n) {
  const char *p = strchr(s, '-');
  if (!p) return false;
  char *end;
  strtol(p + 1, &end, 10);
  *old_n = *end == ',' ? (int)strtol(end + 1, &end, 10) : 1;
  p = strchr(end, '+');
  if (!p) return false;
  *new_start = (int)strtol(p + 1, &end, 10);
  *new_n = *end == ',' ? (int)strtol(end + 1, &end, 10) : 1;
  return true;
}

static void add_line(dfile *f, int line) {
  if (f->nr && f->r[f->nr - 1].start + f->r[f->nr - 1].count == line) {
    f->r[f->nr - 1].count++;
    return;
  }
  range r = {line, 1};
  VEC_PUSH(f->r, f->nr, f->cap, r);
}

/* One line inside a hunk; false if it does not fit the hunk's counts (then the hunk is
 * over and the line is read as a header). */
static bool hunk_line(const char *s, dfile *cur, int *old_left, int *new_left, int *line) {
  if (*s == '+' && *new_left > 0) {
    if (cur) add_line(cur, *line);
    ++*line, --*new_left;
  } else if (*s == '-' && *old_left > 0) {
    --*old_left;
  } else if ((*s == ' ' || *s == 0) && *new_left > 0 && *old_left > 0) {
    ++*line, --*new_left, --*old_left;
  } else if (*s != '\\') { /* "\ No newline at end of file" belongs to the hunk */
    *old_left = *new_left = 0;
    return false;
  }
  return true;
}

static void parse_diff(diff_set *d, char *text) {
  dfile *cur = NULL;
  int old_left = 0, new_left = 0, line = 0;
  for (char *s = text; s && *s;) {
    char *nl = strchr(s, '\n');
    if (nl) *nl = 0;
    if (nl && nl > s && nl[-1] == '\r') nl[-1] = 0;
    bool body = (old_left > 0 || new_left > 0) && hunk_line(s, cur, &old_left, &new_left, &line);
    if (body) {
      /* done */
    } else if (!strncmp(s, "diff ", 5)) {
      cur = NULL;
    } else if (!strncmp(s, "+++ ", 4)) {
      char *p = parse_path(s + 4);
      cur = strcmp(p, "/dev/null") ? add_file(d, p) : NULL;
      free(p);
    } else if (!strncmp(s, "@@ ", 3)) {
      int old_n, new_n;
      if (parse_hunk(s + 3, &old_n, &line, &new_n)) old_left = old_n, new_left = new_n;
    }
    s = nl ? nl + 1 : NULL;
  }
}

diff_set *diff_read(const char *path, char **err) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    *err = xasprintf("%s: cannot read the diff: %s", path, strerror(errno));
    return NULL;
  }
  char *text = read_all(f);
  bool bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) {
    *err = xasprintf("%s: cannot read the diff", path);
    free(text);
    return NULL;
  }
  diff_set *d = xcalloc(1, sizeof *d);
  parse_diff(d, text);
  free(text);
  char *root = git_root();
  for (int i = 0; i < d->n; i++) resolve(&d->v[i], root);
  free(root);
  return d;
}

/* ---- queries ------------------------------------------------------------------------- */

static bool ends_with_path(const char *abs, const char *rel) {
  size_t a = strlen(abs), r = strlen(rel);
  return r && a >= r && !strcmp(abs + a - r, rel) && (a == r || abs[a - r - 1] == '/');
}

/* The diff entry of file (compared by real path; a path that is not on disk by suffix). */
static int entry_of(diff_set *d, const char *file) {
  size_t before = d->looked.n;
  int id = intern(&d->looked, file);
  if (d->looked.n == before) return d->match[id];
  VEC_RESERVE(d->match, d->capmatch, (size_t)id + 1);
  char real[PATH_MAX];
  const char *abs = realpath(file, real) ? real : file;
  int hit = -1;
  for (int i = d->n - 1; i >= 0 && hit < 0; i--) /* the last entry of a file wins */
    if (d->v[i].resolved ? !strcmp(d->v[i].resolved, abs) : ends_with_path(abs, d->v[i].path)) hit = i;
  d->match[id] = hit;
  return hit;
}

bool diff_has_line(diff_set *d, const char *file, int line) {
  int e = entry_of(d, file);
  if (e < 0) return false;
  for (int i = 0; i < d->v[e].nr; i++)
    if (line >= d->v[e].r[i].start && line < d->v[e].r[i].start + d->v[e].r[i].count) return true;
  return false;
}

bool diff_touches(diff_set *d, const char *file) {
  int e = entry_of(d, file);
  return e >= 0 && d->v[e].nr > 0;
}

bool diff_only_sources(const diff_set *d) {
  for (int i = 0; i < d->n; i++) {
    size_t n = strlen(d->v[i].path);
    bool c_file = n > 2 && (!strcmp(d->v[i].path + n - 2, ".c") || !strcmp(d->v[i].path + n - 2, ".C"));
    if (d->v[i].nr && !c_file) return false;
  }
  return true;
}

int diff_filter(diff_set *d, finding_list *l) {
  int w = 0, dropped = 0;
  for (int i = 0; i < l->n; i++) {
    if (!diff_has_line(d, l->v[i].file, l->v[i].line)) {
      finding_free(&l->v[i]);
      dropped++;
      continue;
    }
    l->v[w++] = l->v[i];
  }
  l->n = w;
  return dropped;
}

void diff_free(diff_set *d) {
  if (!d) return;
  for (int i = 0; i < d->n; i++) {
    free(d->v[i].raw);
    free(d->v[i].path);
    free(d->v[i].resolved);
    free(d->v[i].r);
  }
  free(d->v);
  intern_free(&d->looked);
  free(d->match);
  free(d);
}
