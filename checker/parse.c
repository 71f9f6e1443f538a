/* Parsing with libclang (see parse.h). */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datadir.h"
#include "util.h"

void args_push(arg_list *a, const char *s) { VEC_PUSH(a->v, a->n, a->cap, xstrdup(s)); }
void args_free(arg_list *a) {
  for (int i = 0; i < a->n; i++) free(a->v[i]);
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}

const char *parse_include_dir(void) {
  const char *env = getenv("DRVCHECK_INCLUDE_DIR");
  if (env && path_is_dir(env)) return env;
  static _Thread_local char buf[4096];
  return data_dir("include", DRVCHECK_SOURCE_INCLUDE_DIR, buf, sizeof buf);
}

static const char *resource_dir(void) {
  const char *env = getenv("DRVCHECK_RESOURCE_DIR");
  return env && path_is_dir(env) ? env : DRVCHECK_RESOURCE_DIR;
}

/* The directory named by an include option at position i (joined or separate form). */
static const char *include_dir_arg(const arg_list *a, int i, int *consumed) {
  static const char *const opts[] = {"-I", "-isystem", "-idirafter", "-iquote", "/I", NULL};
  *consumed = 1;
  for (int k = 0; opts[k]; k++) {
    size_t n = strlen(opts[k]);
    if (!strncmp(a->v[i], opts[k], n)) {
      if (a->v[i][n]) return a->v[i] + n;
      if (i + 1 < a->n) {
        *consumed = 2;
        return a->v[i + 1];
      }
    }
  }
  return NULL;
}

bool parse_args_have_wdk(const arg_list *user) {
  for (int i = 0; i < user->n; i++) {
    int c;
    const char *d = include_dir_arg(user, i, &c);
    if (!d) continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/wdm.h", d);
    if (path_is_file(p)) return true;
    snprintf(p, sizeof p, "%s/ntddk.h", d);
    if (path_is_file(p) && !strstr(d, "mingw")) return true;
  }
  return false;
}

static bool user_has(const arg_list *user, const char *prefix) {
  for (int i = 0; i < user->n; i++)
    if (!strncmp(user->v[i], prefix, strlen(prefix))) return true;
  return false;
}

void parse_build_args(const arg_list *user, arg_list *out) {
  bool wdk = parse_args_have_wdk(user);
  args_push(out, "-x");
  args_push(out, "c");
  if (!user_has(user, "--target") && !user_has(user, "-target")) args_push(out, "--target=x86_64-w64-mingw32");
  args_push(out, "-fms-extensions");
  args_push(out, "-resource-dir");
  args_push(out, resource_dir());
  if (!wdk) {
    char *p;
    args_push(out, "-isystem");
    args_push(out, parse_include_dir());
    p = xasprintf("%s/include", DRVCHECK_MINGW_SYSROOT);
    args_push(out, "-isystem");
    args_push(out, p);
    free(p);
    p = xasprintf("%s/include/ddk", DRVCHECK_MINGW_SYSROOT);
    args_push(out, "-isystem");
    args_push(out, p);
    free(p);
    args_push(out, "-include");
    args_push(out, "drvcheck_prelude.h");
  }
  args_push(out, "-Wno-everything");
  args_push(out, "-ferror-limit=0");
  for (int i = 0; i < user->n; i++) args_push(out, user->v[i]);
}

CXTranslationUnit parse_file(CXIndex idx, const char *file, const arg_list *args, char **err) {
  CXTranslationUnit tu = NULL;
  unsigned opts = CXTranslationUnit_KeepGoing;
  enum CXErrorCode ec =
      clang_parseTranslationUnit2(idx, file, (const char *const *)args->v, args->n, NULL, 0, opts, &tu);
  if (ec != CXError_Success || !tu) {
    *err = ec == CXError_Crashed
               ? xasprintf("%s: libclang could not parse the file: the parser crashed (error %d; nesting too deep?)",
                           file, (int)ec)
               : xasprintf("%s: libclang could not parse the file (error %d)", file, (int)ec);
    return NULL;
  }
  return tu;
}
