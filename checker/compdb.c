/* compile_commands.json reading (see compdb.h). */
#include "compdb.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Split a shell-like command line (quotes and backslashes as in compile_commands). */
static void split_command(const char *cmd, arg_list *out) {
  const char *p = cmd;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (!*p) break;
    strbuf b = {0};
    char q = 0;
    for (; *p; p++) {
      if (q) {
        if (*p == q) q = 0;
        else if (*p == '\\' && q == '"' && (p[1] == '"' || p[1] == '\\')) sb_putc(&b, *++p);
        else sb_putc(&b, *p);
      } else if (*p == '"' || *p == '\'') {
        q = *p;
      } else if (*p == '\\' && p[1]) {
        sb_putc(&b, *++p);
      } else if (*p == ' ' || *p == '\t' || *p == '\n') {
        break;
      } else {
        sb_putc(&b, *p);
      }
    }
    args_push(out, b.s ? b.s : "");
    sb_free(&b);
  }
}

static char *join_path(const char *dir, const char *file) {
  if (file[0] == '/') return xstrdup(file);
  return xasprintf("%s/%s", dir, file);
}

/* Keep the arguments that matter for parsing; make include paths absolute. */
static void filter_args(const arg_list *raw, const char *dir, const char *file, arg_list *out) {
  static const char *const path_opts[] = {"-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros", NULL};
  bool cl = raw->n > 0 && (strstr(raw->v[0], "clang-cl") || strstr(raw->v[0], "cl.exe"));
  if (cl) args_push(out, "--driver-mode=cl");
  for (int i = 1; i < raw->n; i++) {
    const char *a = raw->v[i];
    if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-E") || !strcmp(a, "-M") || !strcmp(a, "-MM") ||
        !strcmp(a, "-MD") || !strcmp(a, "-MMD"))
      continue;
    if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ")) {
      i++;
      continue;
    }
    if (!strncmp(a, "-o", 2) || !strncmp(a, "/Fo", 3) || !strcmp(a, "--")) continue;
    char *abs = join_path(dir, a);
    char r1[PATH_MAX], r2[PATH_MAX];
    bool is_input = realpath(abs, r1) && realpath(file, r2) && !strcmp(r1, r2);
    free(abs);
    if (is_input) continue;
    bool handled = false;
    for (int k = 0; path_opts[k]; k++) {
      size_t n = strlen(path_opts[k]);
      if (!strncmp(a, path_opts[k], n)) {
        const char *v = a[n] ? a + n : (i + 1 < raw->n ? raw->v[++i] : NULL);
        if (!v) break;
        char *p = join_path(dir, v);
        args_push(out, path_opts[k]);
        args_push(out, p);
        free(p);
        handled = true;
        break;
      }
    }
    if (!handled) args_push(out, a);
  }
}

bool compdb_load(const char *build_dir, compdb *db, char **err) {
  char *path = xasprintf("%s/compile_commands.json", build_dir);
  json_error_t je;
  json_t *root = json_load_file(path, 0, &je);
  if (!root) {
    *err = je.line > 0 ? xasprintf("%s:%d: invalid JSON: %s", path, je.line, je.text)
                       : xasprintf("%s: %s", path, je.text);
    free(path);
    return false;
  }
  if (!json_is_array(root)) {
    *err = xasprintf("%s: expected a JSON array of compile commands", path);
    json_decref(root);
    free(path);
    return false;
  }
  size_t i;
  json_t *e;
  json_array_foreach(root, i, e) {
    json_t *jdir = json_object_get(e, "directory"), *jfile = json_object_get(e, "file");
    json_t *jargs = json_object_get(e, "arguments"), *jcmd = json_object_get(e, "command");
    if (!json_is_object(e) || !json_is_string(jdir) || !json_is_string(jfile) ||
        !(json_is_array(jargs) || json_is_string(jcmd))) {
      *err = xasprintf("%s: entry %zu needs \"directory\", \"file\" and \"arguments\" or \"command\"", path, i);
      json_decref(root);
      free(path);
      compdb_free(db);
      return false;
    }
    /* a relative "directory" is taken relative to the database's directory */
    char *dir = join_path(build_dir, json_string_value(jdir));
    char *file = join_path(dir, json_string_value(jfile));
    arg_list raw = {0};
    if (json_is_array(jargs)) {
      size_t k;
      json_t *a;
      json_array_foreach(jargs, k, a) if (json_is_string(a)) args_push(&raw, json_string_value(a));
    } else {
      split_command(json_string_value(jcmd), &raw);
    }
    compdb_entry ce = {0};
    char real[PATH_MAX];
    ce.file = realpath(file, real) ? xstrdup(real) : xstrdup(file);
    filter_args(&raw, dir, file, &ce.args);
    args_free(&raw);
    free(file);
    free(dir);
    /* a file listed twice keeps its first entry */
    if (compdb_find(db, ce.file)) {
      free(ce.file);
      args_free(&ce.args);
      continue;
    }
    VEC_PUSH(db->v, db->n, db->cap, ce);
  }
  json_decref(root);
  free(path);
  return true;
}

const compdb_entry *compdb_find(const compdb *db, const char *file) {
  char real[PATH_MAX];
  const char *p = realpath(file, real) ? real : file;
  for (int i = 0; i < db->n; i++)
    if (!strcmp(db->v[i].file, p)) return &db->v[i];
  return NULL;
}

void compdb_free(compdb *db) {
  for (int i = 0; i < db->n; i++) {
    free(db->v[i].file);
    args_free(&db->v[i].args);
  }
  free(db->v);
  db->v = NULL;
  db->n = db->cap = 0;
}
