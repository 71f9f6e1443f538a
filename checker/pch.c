/* Reuse of parsed kernel headers: the run of `#include <...>` lines a driver file starts
 * with (its "header prefix") is compiled once into a precompiled header kept in a cache
 * directory, keyed by the libclang version, the compiler arguments, the prefix and the
 * size/mtime of the headers it read (built the second time a prefix is seen); every later file with the same prefix and arguments
 * parses with -include-pch instead of re-reading the kernel headers. The PCH is written to
 * a temporary file and renamed, so concurrent drvcheck processes are safe; a PCH that
 * cannot be built or used is skipped with a note and the file is parsed normally. */
#include "pch.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *pch_cache_dir(void) {
  static _Thread_local char dir[4096];
  const char *d = getenv("DRVCHECK_CACHE_DIR");
  if (d && *d) return d;
  const char *x = getenv("XDG_CACHE_HOME");
  const char *h = getenv("HOME");
  if (x && *x)
    snprintf(dir, sizeof dir, "%s/drvcheck", x);
  else if (h && *h)
    snprintf(dir, sizeof dir, "%s/.cache/drvcheck", h);
  else
    return NULL;
  return dir;
}

/* The header prefix of a source: its leading #include <...> lines (comments and blank
 * lines allowed in between). Returns a malloc'd text or NULL when there is none. */
char *pch_prefix_of(const char *file) {
  FILE *f = fopen(file, "rb");
  if (!f) return NULL;
  strbuf pre = {0};
  char line[4096];
  bool in_comment = false;
  int lines = 0;
  while (fgets(line, sizeof line, f) && lines++ < 2000) {
    char *p = line;
    for (;;) {
      while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
      if (in_comment) {
        char *e = strstr(p, "*/");
        if (!e) {
          p = NULL;
          break;
        }
        p = e + 2;
        in_comment = false;
        continue;
      }
      if (p[0] == '/' && p[1] == '*') {
        in_comment = true;
        p += 2;
        continue;
      }
      break;
    }
    if (!p || !*p || (p[0] == '/' && p[1] == '/')) continue;
    if (p[0] != '#') break;
    p++;
    while (*p == ' ' || *p == '\t') p++;
    if (!strncmp(p, "pragma once", 11)) continue;
    if (strncmp(p, "include", 7)) break;
    p += 7;
    while (*p == ' ' || *p == '\t') p++;
    char *end = *p == '<' ? strchr(p, '>') : NULL;
    if (!end) break;
    /* anything after the include other than a comment ends the prefix */
    char *rest = end + 1;
    while (*rest == ' ' || *rest == '\t') rest++;
    if (*rest && *rest != '\n' && *rest != '\r' && strncmp(rest, "//", 2)) break;
    sb_puts(&pre, "#include ");
    sb_printf(&pre, "%.*s\n", (int)(end - p + 1), p);
  }
  fclose(f);
  return pre.s;
}

/* Hash of the files a TU read (size and mtime), to key the PCH on header contents. */
typedef struct inc_hash {
  uint64_t h;
} inc_hash;
static void inclusion_cb(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData d) {
  (void)stack;
  (void)n;
  inc_hash *ih = d;
  CXString s = clang_getFileName(f);
  const char *name = clang_getCString(s);
  struct stat st;
  if (name && stat(name, &st) == 0) {
    ih->h = hash_bytes(name, strlen(name), ih->h);
    long long v[2] = {(long long)st.st_size, (long long)st.st_mtime};
    ih->h = hash_bytes(v, sizeof v, ih->h);
  }
  clang_disposeString(s);
}

/* Key of a PCH: libclang version, arguments and prefix (the header contents are checked
 * through a stamp file written next to the PCH). */
static uint64_t pch_key(const arg_list *args, const char *prefix) {
  CXString v = clang_getClangVersion();
  uint64_t h = hash_str(clang_getCString(v));
  clang_disposeString(v);
  for (int i = 0; i < args->n; i++) h = hash_bytes(args->v[i], strlen(args->v[i]) + 1, h);
  return hash_bytes(prefix, strlen(prefix), h);
}

static bool read_stamp(const char *path, uint64_t *out) {
  FILE *f = fopen(path, "r");
  if (!f) return false;
  unsigned long long v;
  bool ok = fscanf(f, "%llx", &v) == 1;
  fclose(f);
  *out = v;
  return ok;
}

/* Recompute the header-content hash for a stamp from the list of files stored beside it. */
static bool stamp_current(const char *list_path, uint64_t want) {
  FILE *f = fopen(list_path, "r");
  if (!f) return false;
  uint64_t h = 0;
  char name[4096];
  while (fgets(name, sizeof name, f)) {
    name[strcspn(name, "\n")] = 0;
    struct stat st;
    if (stat(name, &st) != 0) {
      fclose(f);
      return false;
    }
    h = hash_bytes(name, strlen(name), h);
    long long v[2] = {(long long)st.st_size, (long long)st.st_mtime};
    h = hash_bytes(v, sizeof v, h);
  }
  fclose(f);
  return h == want;
}

static void list_cb(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData d) {
  (void)stack;
  (void)n;
  CXString s = clang_getFileName(f);
  if (clang_getCString(s)) fprintf(d, "%s\n", clang_getCString(s));
  clang_disposeString(s);
}

static bool write_atomic_text(const char *path, void (*fill)(FILE *, void *), void *u) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return false;
  fill(f, u);
  bool ok = fclose(f) == 0 && rename(tmp, path) == 0;
  if (!ok) unlink(tmp);
  return ok;
}

typedef struct build_ctx {
  CXTranslationUnit tu;
  uint64_t hash;
} build_ctx;
static void fill_list(FILE *f, void *u) { clang_getInclusions(((build_ctx *)u)->tu, list_cb, f); }
static void fill_stamp(FILE *f, void *u) { fprintf(f, "%016llx\n", (unsigned long long)((build_ctx *)u)->hash); }

/* Build the PCH for prefix at pch_path (via a temporary file). */
static bool build_pch(CXIndex idx, const char *dir, const char *base, const char *prefix, const arg_list *args,
                      char **why) {
  char hdr[4200], pch[4200], tmp[4200], stamp[4200], list[4200];
  snprintf(hdr, sizeof hdr, "%s/%s.h", dir, base);
  snprintf(pch, sizeof pch, "%s/%s.pch", dir, base);
  snprintf(tmp, sizeof tmp, "%s/%s.pch.tmp.%ld", dir, base, (long)getpid());
  snprintf(stamp, sizeof stamp, "%s/%s.stamp", dir, base);
  snprintf(list, sizeof list, "%s/%s.files", dir, base);
  FILE *f = fopen(hdr, "w");
  if (!f) {
    *why = xasprintf("cannot write %s: %s", hdr, strerror(errno));
    return false;
  }
  fputs(prefix, f);
  fclose(f);
  arg_list a = {0};
  for (int i = 0; i < args->n; i++) {
    if (!strcmp(args->v[i], "-x") && i + 1 < args->n) {
      args_push(&a, "-x");
      args_push(&a, "c-header");
      i++;
      continue;
    }
    args_push(&a, args->v[i]);
  }
  CXTranslationUnit tu = NULL;
  enum CXErrorCode ec = clang_parseTranslationUnit2(idx, hdr, (const char *const *)a.v, a.n, NULL, 0,
                                                    CXTranslationUnit_Incomplete | CXTranslationUnit_ForSerialization,
                                                    &tu);
  args_free(&a);
  if (ec != CXError_Success || !tu) {
    *why = xasprintf("libclang could not parse the header prefix (error %d)", (int)ec);
    return false;
  }
  for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    bool err = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
    clang_disposeDiagnostic(d);
    if (err) {
      clang_disposeTranslationUnit(tu);
      *why = xasprintf("the header prefix has compiler errors");
      return false;
    }
  }
  inc_hash ih = {0};
  clang_getInclusions(tu, inclusion_cb, &ih);
  int rc = clang_saveTranslationUnit(tu, tmp, clang_defaultSaveOptions(tu));
  build_ctx bc = {tu, ih.h};
  bool ok = rc == CXSaveError_None && write_atomic_text(list, fill_list, &bc) && rename(tmp, pch) == 0 &&
            write_atomic_text(stamp, fill_stamp, &bc);
  clang_disposeTranslationUnit(tu);
  if (!ok) {
    unlink(tmp);
    *why = xasprintf("could not save the precompiled header in %s", dir);
  }
  return ok;
}

char *pch_for(CXIndex idx, const char *file, const arg_list *args, char **note) {
  *note = NULL;
  const char *dir = pch_cache_dir();
  if (!dir) return NULL;
  char *prefix = pch_prefix_of(file);
  if (!prefix) return NULL;
  char base[64];
  snprintf(base, sizeof base, "prefix-%016llx", (unsigned long long)pch_key(args, prefix));
  char *pch = xasprintf("%s/%s.pch", dir, base);
  char *stamp = xasprintf("%s/%s.stamp", dir, base);
  char *list = xasprintf("%s/%s.files", dir, base);
  uint64_t want;
  struct stat st;
  /* threads of one process share the temporary names: one builds at a time */
  static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&build_lock);
  bool fresh = stat(pch, &st) == 0 && read_stamp(stamp, &want) && stamp_current(list, want);
  if (!fresh) {
    make_dirs(dir);
    /* The first file with a new prefix is parsed without a PCH (building one costs about
     * a parse of its own); the PCH is built when the prefix shows up again, in this run or
     * a later one, so a one-off single-file check stays as fast as a plain parse. */
    char *seen = xasprintf("%s/%s.seen", dir, base);
    bool second = access(seen, F_OK) == 0;
    if (!second) {
      FILE *m = fopen(seen, "w");
      if (m) fclose(m);
    }
    free(seen);
    if (!second) {
      pthread_mutex_unlock(&build_lock);
      free(stamp);
      free(list);
      free(prefix);
      free(pch);
      return NULL;
    }
    char *why = NULL;
    if (!build_pch(idx, dir, base, prefix, args, &why)) {
      *note = why;
      free(pch);
      pch = NULL;
    }
  }
  pthread_mutex_unlock(&build_lock);
  free(stamp);
  free(list);
  free(prefix);
  return pch;
}
