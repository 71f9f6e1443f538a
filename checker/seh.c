/* Project SEH macro spellings parsed as SEH (see seh.h). */
#include "seh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pch.h"
#include "util.h"

static const char *const role_names[SEH_NROLES] = {"try", "except", "finally", "end", "leave"};
/* Default expansions, as the MSVC branch of ReactOS's pseh2.h writes them. */
static const char *const role_expansions[SEH_NROLES] = {"__try {", "} __except(__VA_ARGS__) {", "} __finally {", "}",
                                                        "__leave"};
static const char header_prefix[] = "drvcheck-seh-";

const char *seh_role_name(seh_role r) { return r < SEH_NROLES ? role_names[r] : "?"; }

int seh_role_of(const char *key) {
  for (int i = 0; i < SEH_NROLES; i++)
    if (!strcmp(role_names[i], key)) return i;
  return -1;
}

char *seh_define(const seh_macro *m) {
  if (m->expansion) return xasprintf("#define %s %s", m->name, m->expansion);
  return xasprintf("#define %s%s %s", m->name, m->role == SEH_EXCEPT ? "(...)" : "", role_expansions[m->role]);
}

/* The macro name of a spelling ("X" of "X(a)"). */
static char *macro_name(const char *spelling) {
  size_t n = strcspn(spelling, "( \t");
  char *s = xstrdup(spelling);
  s[n] = 0;
  return s;
}

static char *header_text(const seh_macro *v, int n) {
  strbuf b = {0};
  sb_puts(&b, "/* drvcheck: SEH macro spellings from the configuration (seh-macros) */\n");
  for (int i = 0; i < n; i++) {
    char *def = seh_define(&v[i]), *name = macro_name(v[i].name);
    sb_printf(&b, "#ifdef %s\n#undef %s\n#endif\n%s\n#pragma clang final(%s)\n", name, name, def, name);
    free(def);
    free(name);
  }
  return b.s;
}

/* ---- the header file ---------------------------------------------------------------- */

/* Headers written to a temporary directory (no cache directory), removed at exit. Only the
 * main thread touches them: configurations are read before analysis starts. */
static char **temp_headers;
static int ntemp, captemp;

void seh_cleanup(void) {
  for (int i = 0; i < ntemp; i++) {
    unlink(temp_headers[i]);
    free(temp_headers[i]);
  }
  free(temp_headers);
  temp_headers = NULL;
  ntemp = captemp = 0;
}

static bool write_all(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  bool ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok;
}

/* In the cache directory, named by content: the same configuration gives the same path,
 * so precompiled prefixes keyed on the compiler arguments stay valid between runs. */
static char *cached_header(const char *text) {
  const char *dir = pch_cache_dir();
  if (!dir) return NULL;
  make_dirs(dir);
  char *path = xasprintf("%s/%s%016llx.h", dir, header_prefix, (unsigned long long)hash_str(text));
  struct stat st;
  if (stat(path, &st) == 0 && (size_t)st.st_size == strlen(text)) return path;
  char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
  bool ok = write_all(tmp, text) && rename(tmp, path) == 0;
  if (!ok) unlink(tmp);
  free(tmp);
  if (ok) return path;
  free(path);
  return NULL;
}

static char *temp_header(const char *text, char **err) {
  const char *dir = getenv("TMPDIR");
  char *path = xasprintf("%s/%sXXXXXX.h", dir && *dir ? dir : "/tmp", header_prefix);
  int fd = mkstemps(path, 2);
  if (fd < 0) {
    *err = xasprintf("cannot write the SEH macro header %s: %s", path, strerror(errno));
    free(path);
    return NULL;
  }
  close(fd);
  if (!write_all(path, text)) {
    *err = xasprintf("cannot write the SEH macro header %s: %s", path, strerror(errno));
    unlink(path);
    free(path);
    return NULL;
  }
  VEC_PUSH(temp_headers, ntemp, captemp, xstrdup(path));
  return path;
}

/* The copy read after a precompiled prefix: "X.h" -> "X.again.h". */
static char *again_path(const char *header) {
  size_t n = strlen(header);
  return xasprintf("%.*s.again.h", (int)(n > 2 ? n - 2 : n), header);
}

char *seh_write_header(const seh_macro *v, int n, char **err) {
  char *text = header_text(v, n);
  char *path = cached_header(text);
  if (!path) path = temp_header(text, err);
  char *again = path ? again_path(path) : NULL;
  struct stat st;
  if (again && !(stat(again, &st) == 0 && (size_t)st.st_size == strlen(text))) {
    char *tmp = xasprintf("%s.tmp.%ld", again, (long)getpid());
    bool ok = write_all(tmp, text) && rename(tmp, again) == 0;
    if (!ok) {
      unlink(tmp);
      *err = xasprintf("cannot write the SEH macro header %s: %s", again, strerror(errno));
      free(path);
      path = NULL;
    } else if (ntemp && !strcmp(temp_headers[ntemp - 1], path)) {
      VEC_PUSH(temp_headers, ntemp, captemp, xstrdup(again));
    }
    free(tmp);
  }
  free(again);
  free(text);
  return path;
}

void seh_add_args(const char *header, arg_list *out) {
  args_push(out, "-include");
  args_push(out, header);
  /* final catches #undef too; a precompiled prefix loses the final mark, not the
   * "redefined" warning */
  args_push(out, "-Wfinal-macro");
  args_push(out, "-Wmacro-redefined");
  args_push(out, "-Wno-error=final-macro");
  args_push(out, "-Wno-error=macro-redefined");
}

/* ---- parsing again without the project's definitions ------------------------------- */

static const char *header_in(const arg_list *args);

void seh_after_pch(const arg_list *args, arg_list *out) {
  const char *h = header_in(args);
  if (!h) return;
  char *again = again_path(h);
  args_push(out, "-include");
  args_push(out, again);
  free(again);
}

static const char *header_in(const arg_list *args) {
  for (int i = 0; i + 1 < args->n; i++) {
    if (strcmp(args->v[i], "-include")) continue;
    const char *base = strrchr(args->v[i + 1], '/');
    base = base ? base + 1 : args->v[i + 1];
    if (!strncmp(base, header_prefix, sizeof header_prefix - 1)) return args->v[i + 1];
  }
  return NULL;
}

typedef struct ovfile {
  char *name, *text;
} ovfile;
typedef struct overlay {
  ovfile *v;
  int n, cap;
} overlay;

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  strbuf b = {0};
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    VEC_RESERVE(b.s, b.cap, b.len + k + 1);
    memcpy(b.s + b.len, buf, k);
    b.len += k;
    b.s[b.len] = 0;
  }
  fclose(f);
  return b.s ? b.s : xstrdup("");
}

/* The in-memory copy of path (read on first use), or NULL if it cannot be read. */
static char *overlay_text(overlay *o, const char *path) {
  for (int i = 0; i < o->n; i++)
    if (!strcmp(o->v[i].name, path)) return o->v[i].text;
  char *t = read_text(path);
  if (!t) return NULL;
  ovfile f = {xstrdup(path), t};
  VEC_PUSH(o->v, o->n, o->cap, f);
  return t;
}

/* Blank the preprocessor directive on line `line` (1-based) with its continuation lines,
 * keeping every newline; true if something changed. */
static bool blank_directive(char *text, unsigned line) {
  char *p = text;
  for (unsigned l = 1; l < line && *p; p++)
    if (*p == '\n') l++;
  char *q = p;
  while (*q == ' ' || *q == '\t') q++;
  if (*q != '#') return false;
  bool changed = false;
  for (; *p; p++) {
    if (*p == '\n') {
      char *e = p;
      while (e > text && e[-1] == '\r') e--;
      if (e > text && e[-1] == '\\') continue; /* continuation: the directive goes on */
      break;
    }
    if (*p != ' ' && *p != '\r' && *p != '\\') {
      *p = ' ';
      changed = true;
    } else if (*p == '\\') {
      char *e = p + 1;
      while (*e == '\r') e++;
      if (*e != '\n') {
        *p = ' ';
        changed = true;
      }
    }
  }
  return changed;
}

/* True if loc is in a generated header (the header or its copy read after a prefix). */
static bool in_header(CXSourceLocation loc) {
  CXFile f;
  unsigned line, col, off;
  clang_getSpellingLocation(loc, &f, &line, &col, &off);
  if (!f) return false;
  CXString fn = clang_getFileName(f);
  const char *name = clang_getCString(fn), *base = name ? strrchr(name, '/') : NULL;
  base = base ? base + 1 : name;
  bool same = base && !strncmp(base, header_prefix, sizeof header_prefix - 1);
  clang_disposeString(fn);
  return same;
}

/* A warning that one of the header's spellings is defined again or undefined: its note
 * (previous definition, or the final mark) points into the generated header. */
static bool redefines_ours(CXDiagnostic d) {
  CXString opt = clang_getDiagnosticOption(d, NULL);
  const char *o = clang_getCString(opt);
  bool kind = o && (!strcmp(o, "-Wfinal-macro") || !strcmp(o, "-Wmacro-redefined"));
  clang_disposeString(opt);
  if (!kind || in_header(clang_getDiagnosticLocation(d))) return false;
  CXDiagnosticSet notes = clang_getChildDiagnostics(d);
  bool ours = false;
  for (unsigned i = 0; i < clang_getNumDiagnosticsInSet(notes) && !ours; i++) {
    CXDiagnostic n = clang_getDiagnosticInSet(notes, i);
    ours = in_header(clang_getDiagnosticLocation(n));
    clang_disposeDiagnostic(n);
  }
  return ours;
}

/* Blank the lines the compiler warned about (a spelling of the generated header defined
 * again or undefined elsewhere); true if any line changed. */
static bool blank_redefinitions(CXTranslationUnit tu, overlay *o) {
  bool changed = false;
  for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    if (redefines_ours(d)) {
      CXFile f;
      unsigned line, col, off;
      clang_getSpellingLocation(clang_getDiagnosticLocation(d), &f, &line, &col, &off);
      CXString fn = clang_getFileName(f);
      char *text = clang_getCString(fn) ? overlay_text(o, clang_getCString(fn)) : NULL;
      if (text && blank_directive(text, line)) changed = true;
      clang_disposeString(fn);
    }
    clang_disposeDiagnostic(d);
  }
  return changed;
}

static void overlay_free(overlay *o) {
  for (int i = 0; i < o->n; i++) {
    free(o->v[i].name);
    free(o->v[i].text);
  }
  free(o->v);
}

CXTranslationUnit seh_reparse(CXIndex idx, const char *file, const arg_list *args, CXTranslationUnit tu) {
  const char *header = header_in(args);
  if (!header || !tu) return tu;
  overlay o = {0};
  for (int round = 0; round < 4 && blank_redefinitions(tu, &o); round++) {
    struct CXUnsavedFile *uf = xcalloc((size_t)o.n, sizeof *uf);
    for (int i = 0; i < o.n; i++) uf[i] = (struct CXUnsavedFile){o.v[i].name, o.v[i].text, (unsigned long)strlen(o.v[i].text)};
    CXTranslationUnit again = NULL;
    enum CXErrorCode ec = clang_parseTranslationUnit2(idx, file, (const char *const *)args->v, args->n, uf,
                                                      (unsigned)o.n, CXTranslationUnit_KeepGoing, &again);
    free(uf);
    if (ec != CXError_Success || !again) break;
    clang_disposeTranslationUnit(tu);
    tu = again;
  }
  overlay_free(&o);
  return tu;
}
