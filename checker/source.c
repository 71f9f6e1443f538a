/* Source text cache and NOLINT suppressions (see source.h). */
#include "source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

/* ---- source text --------------------------------------------------------------------- */

typedef enum nl_kind { NL_LINE, NL_NEXT, NL_BEGIN, NL_END } nl_kind;

/* One suppression marker in a comment. */
typedef struct directive {
  nl_kind kind;
  int line, col;   /* where the marker (NOLINT...) starts */
  bool all;        /* no rule list, or `*`: every rule */
  bool unclosed;   /* '(' without ')' */
  bool empty;      /* "()" */
  char **ids;      /* the listed rule ids */
  int nids;
  unsigned used;   /* bit k: ids[k] silenced a finding (bit 0 for `all`) */
  int partner;     /* BEGIN: its END; END: its BEGIN; -1 if none */
} directive;

typedef struct src_file {
  char *name;
  char *text;
  char **lines;
  int nlines;
  directive *dirs;
  int ndirs;
  bool scanned;
} src_file;

struct source_cache {
  src_file *files;
  int n, cap;
};

source_cache *source_cache_new(void) { return xcalloc(1, sizeof(source_cache)); }

static void free_dirs(src_file *f) {
  for (int i = 0; i < f->ndirs; i++) {
    for (int k = 0; k < f->dirs[i].nids; k++) free(f->dirs[i].ids[k]);
    free(f->dirs[i].ids);
  }
  free(f->dirs);
}

void source_cache_free(source_cache *c) {
  if (!c) return;
  for (int i = 0; i < c->n; i++) {
    free(c->files[i].name);
    free(c->files[i].text);
    free(c->files[i].lines);
    free_dirs(&c->files[i]);
  }
  free(c->files);
  free(c);
}

static void split_lines(src_file *sf, size_t len) {
  int cap = 0;
  char *p = sf->text, *end = sf->text + len;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    *nl = 0;
    if (nl > p && nl[-1] == '\r') nl[-1] = 0;
    VEC_PUSH(sf->lines, sf->nlines, cap, p);
    p = nl + 1;
  }
}

static src_file *load(source_cache *c, const char *file) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->files[i].name, file)) return &c->files[i];
  src_file sf = {0};
  sf.name = xstrdup(file);
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
    split_lines(&sf, b.len);
  }
  VEC_PUSH(c->files, c->n, c->cap, sf);
  return &c->files[c->n - 1];
}

const char *source_line(source_cache *c, const char *file, int line) {
  src_file *f = load(c, file);
  return line >= 1 && line <= f->nlines ? f->lines[line - 1] : NULL;
}

/* ---- reading suppression comments ---------------------------------------------------- */

/* Parse the optional "(id, id)" after a marker into d. */
static void parse_list(directive *d, const char *after) {
  d->all = true;
  if (*after != '(') return;
  d->all = false;
  const char *end = strchr(after, ')');
  if (!end) {
    d->unclosed = true;
    return;
  }
  int cap = 0;
  for (const char *p = after + 1; p < end;) {
    while (p < end && (isspace((unsigned char)*p) || *p == ',')) p++;
    const char *q = p;
    while (q < end && *q != ',' && !isspace((unsigned char)*q)) q++;
    if (q > p) {
      if (q - p == 1 && *p == '*') d->all = true;
      char *id = xasprintf("%.*s", (int)(q - p), p);
      VEC_PUSH(d->ids, d->nids, cap, id);
    }
    p = q;
  }
  d->empty = d->nids == 0;
}

/* The markers in the comment of one line: after the first line comment or block comment opener. */
static void scan_line(src_file *sf, int line, int *cap) {
  const char *text = sf->lines[line - 1];
  const char *comment = strstr(text, "//"), *c2 = strstr(text, "/*");
  if (!comment || (c2 && c2 < comment)) comment = c2;
  if (!comment) return;
  static const struct {
    const char *word;
    nl_kind kind;
  } words[] = {{"NOLINTNEXTLINE", NL_NEXT}, {"NOLINTBEGIN", NL_BEGIN}, {"NOLINTEND", NL_END}, {"NOLINT", NL_LINE}};
  for (const char *p = strstr(comment, "NOLINT"); p; p = strstr(p + 1, "NOLINT")) {
    for (int w = 0; w < 4; w++) {
      size_t n = strlen(words[w].word);
      if (strncmp(p, words[w].word, n) || isalnum((unsigned char)p[n]) || p[n] == '_') continue;
      directive d = {words[w].kind, line, (int)(p - text) + 1, false, false, false, NULL, 0, 0, -1};
      parse_list(&d, p + n);
      VEC_PUSH(sf->dirs, sf->ndirs, *cap, d);
      break;
    }
  }
}

static bool same_ids(const directive *a, const directive *b) {
  if (a->all != b->all || a->nids != b->nids) return false;
  for (int i = 0; i < a->nids; i++) {
    bool found = false;
    for (int k = 0; k < b->nids && !found; k++) found = !strcmp(a->ids[i], b->ids[k]);
    if (!found) return false;
  }
  return true;
}

/* Pair each NOLINTEND with the innermost open NOLINTBEGIN naming the same rules. */
static void pair_regions(src_file *sf) {
  int *open = xmalloc(sizeof(int) * (size_t)(sf->ndirs + 1));
  int nopen = 0;
  for (int i = 0; i < sf->ndirs; i++) {
    directive *d = &sf->dirs[i];
    if (d->kind == NL_BEGIN) open[nopen++] = i;
    if (d->kind != NL_END) continue;
    for (int k = nopen - 1; k >= 0; k--) {
      if (!same_ids(&sf->dirs[open[k]], d)) continue;
      d->partner = open[k];
      sf->dirs[open[k]].partner = i;
      memmove(open + k, open + k + 1, sizeof(int) * (size_t)(nopen - k - 1));
      nopen--;
      break;
    }
  }
  free(open);
}

static src_file *scanned(source_cache *c, const char *file) {
  src_file *sf = load(c, file);
  if (sf->scanned) return sf;
  sf->scanned = true;
  int cap = 0;
  for (int l = 1; l <= sf->nlines; l++)
    if (strstr(sf->lines[l - 1], "NOLINT")) scan_line(sf, l, &cap);
  pair_regions(sf);
  return sf;
}

/* ---- applying them ------------------------------------------------------------------- */

/* Mark and report whether directive d names rule. */
static bool names_rule(directive *d, const char *rule) {
  if (d->unclosed || d->empty) return false;
  bool hit = false;
  if (d->all && !d->nids) {
    d->used |= 1;
    return true;
  }
  for (int k = 0; k < d->nids; k++)
    if (!strcmp(d->ids[k], rule) || !strcmp(d->ids[k], "*")) {
      d->used |= 1u << (k < 31 ? k : 31);
      hit = true;
    }
  return hit;
}

static bool covers(const src_file *sf, const directive *d, int line) {
  switch (d->kind) {
  case NL_LINE:
    return d->line == line;
  case NL_NEXT:
    return d->line == line - 1;
  case NL_BEGIN:
    return d->line <= line && (d->partner < 0 || sf->dirs[d->partner].line >= line);
  default:
    return false;
  }
}

static bool suppressed(source_cache *c, const finding *f) {
  src_file *sf = scanned(c, f->file);
  bool hit = false;
  for (int i = 0; i < sf->ndirs; i++)
    if (covers(sf, &sf->dirs[i], f->line) && names_rule(&sf->dirs[i], f->rule)) hit = true;
  return hit;
}

void suppress_findings(source_cache *c, finding_list *l) {
  int w = 0;
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->v[i].rule, "compiler-error") && suppressed(c, &l->v[i])) {
      finding_free(&l->v[i]);
      continue;
    }
    l->v[w++] = l->v[i];
  }
  l->n = w;
}

/* ---- unused and malformed suppressions ----------------------------------------------- */

static const char *marker(nl_kind k) {
  return k == NL_NEXT ? "NOLINTNEXTLINE" : k == NL_BEGIN ? "NOLINTBEGIN" : k == NL_END ? "NOLINTEND" : "NOLINT";
}

/* The directive as written: "NOLINT(a, b)" or "NOLINT". */
static void spell(strbuf *b, const directive *d) {
  sb_puts(b, marker(d->kind));
  if (d->all && !d->nids) return;
  sb_putc(b, '(');
  for (int k = 0; k < d->nids; k++) sb_printf(b, "%s%s", k ? ", " : "", d->ids[k]);
  sb_putc(b, ')');
}

static const char *where(const directive *d) {
  return d->kind == NL_LINE ? "on this line" : d->kind == NL_NEXT ? "on the next line" : "in its region";
}

static bool rule_on(const suppress_check *chk, const char *file, int rule) {
  return !chk->rule_enabled || chk->rule_enabled(chk->ctx, file, rule);
}

/* The problems of one directive, as one message ("" if none). */
static void problems(const src_file *sf, const directive *d, const suppress_check *chk, strbuf *m) {
  strbuf sp = {0};
  spell(&sp, d);
  if (d->unclosed) {
    sb_printf(m, "%s( has no closing parenthesis, so it suppresses nothing; close the rule list", marker(d->kind));
  } else if (d->empty) {
    sb_printf(m, "%s() lists no rule, so it suppresses nothing; name the rules or drop the parentheses",
              marker(d->kind));
  } else if (d->kind == NL_END && d->partner < 0) {
    sb_printf(m, "%s has no matching NOLINTBEGIN before it; remove it or add the NOLINTBEGIN", sp.s);
  } else {
    strbuf unknown = {0}, unused = {0};
    int nunknown = 0, nunused = 0;
    for (int k = 0; k < d->nids; k++) {
      const rule_info *r = rule_find(d->ids[k]);
      if (!r && strcmp(d->ids[k], "*")) {
        sb_printf(&unknown, "%s'%s'", nunknown++ ? ", " : "", d->ids[k]);
      } else if (d->kind != NL_END && !(d->used >> (k < 31 ? k : 31) & 1) &&
                 (!r || rule_on(chk, sf->name, (int)(r - rule_table)))) {
        sb_printf(&unused, "%s%s", nunused++ ? ", " : "", d->ids[k]);
      }
    }
    if (nunknown)
      sb_printf(m, "%s names unknown rule%s %s (see drvcheck --list-rules)", sp.s, nunknown > 1 ? "s" : "",
                unknown.s);
    if (d->kind != NL_END && d->all && !d->nids && !d->used)
      sb_printf(m, "%s%s suppresses nothing: there is no finding %s; remove it", m->len ? "; " : "", sp.s, where(d));
    else if (nunused && nunused + nunknown == d->nids)
      sb_printf(m, "%s%s suppresses nothing: there is no %s finding %s; remove it", m->len ? "; " : "", sp.s,
                unused.s, where(d));
    else if (nunused)
      sb_printf(m, "%s%s in %s suppress%s nothing: there is no such finding %s; remove %s from the list",
                m->len ? "; " : "", unused.s, sp.s, nunused > 1 ? "" : "es", where(d), nunused > 1 ? "them" : "it");
    if (d->kind == NL_BEGIN && d->partner < 0)
      sb_printf(m, "%s%s is never closed by a matching NOLINTEND, so it suppresses to the end of the file",
                m->len ? "; " : "", sp.s);
    sb_free(&unknown);
    sb_free(&unused);
  }
  sb_free(&sp);
}

static void check_file(source_cache *c, const char *file, const suppress_check *chk, finding_list *out) {
  src_file *sf = scanned(c, file);
  for (int i = 0; i < sf->ndirs; i++) {
    strbuf m = {0};
    problems(sf, &sf->dirs[i], chk, &m);
    if (m.len) findings_add(out, UNUSED_SUPPRESSION_RULE, SEV_WARNING, file, sf->dirs[i].line, sf->dirs[i].col, NULL, m.s);
    sb_free(&m);
  }
}

void suppress_findings_checked(source_cache *c, finding_list *l, const suppress_check *chk) {
  /* every file that may hold a used suppression: those with findings, and the inputs */
  intern_table files = {0};
  for (int i = 0; i < l->n; i++) intern(&files, l->v[i].file);
  for (int i = 0; i < chk->nfiles; i++) intern(&files, chk->files[i]);
  suppress_findings(c, l);
  finding_list extra = {0};
  for (size_t i = 0; i < files.n; i++) check_file(c, files.strs[i], chk, &extra);
  findings_append(l, &extra);
  intern_free(&files);
}
