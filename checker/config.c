/* .drvcheck.yml reading and lookup (see config.h). Every error names the file, the line
 * and the key; nothing unknown is ignored silently. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "rules.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct yctx {
  yaml_document_t *doc;
  const char *shown; /* the path as shown in messages */
  drv_config *c;
  char *err;
  seh_role role; /* the seh-macros role being read */
} yctx;

static int line_of(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

static bool fail(yctx *y, const yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(yctx *y, const yaml_node_t *n, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  y->err = xasprintf("%s:%d: %s", y->shown, n ? line_of(n) : 1, msg);
  return false;
}

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A plain empty value (`key:` alone, `~`, `null`): treated as an empty list or map. */
static bool is_null(const yaml_node_t *n) {
  const char *s = scalar(n);
  return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"));
}

static bool is_ident(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_')) return false;
  for (s++; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_') return false;
  return true;
}

/* An identifier, optionally followed by a macro parameter list "(a, b)" / "(...)". */
static bool is_macro_head(const char *s) {
  size_t n = strcspn(s, "(");
  char *id = xstrdup(s);
  id[n] = 0;
  bool ok = is_ident(id);
  free(id);
  if (!ok || !s[n]) return ok;
  const char *close = strchr(s + n, ')');
  return close && !close[1];
}

typedef bool (*item_fn)(yctx *y, const char *key, const yaml_node_t *item);
typedef bool (*pair_fn)(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v);

/* Call fn for each item of a sequence value (a single scalar counts as a list of one). */
static bool each_item(yctx *y, const char *key, const yaml_node_t *n, item_fn fn) {
  if (is_null(n)) return true;
  if (n->type == YAML_SCALAR_NODE) return fn(y, key, n);
  if (n->type != YAML_SEQUENCE_NODE) return fail(y, n, "'%s' takes a list", key);
  for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
    if (!fn(y, key, yaml_document_get_node(y->doc, *it))) return false;
  return true;
}

/* Call fn for each key/value pair of a mapping value; keys must be scalars, once each. */
static bool each_pair(yctx *y, const char *key, const yaml_node_t *n, pair_fn fn) {
  if (is_null(n)) return true;
  if (n->type != YAML_MAPPING_NODE) return fail(y, n, "'%s' takes a mapping (name: value)", key);
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    const yaml_node_t *k = yaml_document_get_node(y->doc, p->key), *v = yaml_document_get_node(y->doc, p->value);
    if (!scalar(k)) return fail(y, k, "'%s': a key must be a plain name", key);
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++)
      if (!strcmp(scalar(yaml_document_get_node(y->doc, q->key)) ? scalar(yaml_document_get_node(y->doc, q->key)) : "",
                  scalar(k)))
        return strcmp(key, "configuration") ? fail(y, k, "'%s': '%s' is given twice", key, scalar(k))
                                            : fail(y, k, "key '%s' is given twice", scalar(k));
    if (!fn(y, key, k, v)) return false;
  }
  return true;
}

static const char *need_scalar(yctx *y, const char *key, const yaml_node_t *n, const char *what) {
  const char *s = scalar(n);
  if (!s || !*s) {
    fail(y, n, "'%s': expected %s", key, what);
    return NULL;
  }
  return s;
}

/* ---- keys ---------------------------------------------------------------------------- */

static bool rule_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  const rule_info *r = rule_find(scalar(k));
  if (!r) return fail(y, k, "unknown rule '%s' in '%s' (see drvcheck --list-rules)", scalar(k), key);
  int i = (int)(r - rule_table);
  const char *s = scalar(v);
  severity sev;
  if (!s) return fail(y, v, "rule '%s': expected on, off, error, warning or note", r->id);
  if (!strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "yes")) {
    y->c->rule_on[i] = 1;
  } else if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "no")) {
    y->c->rule_on[i] = 0;
  } else if (severity_parse(s, &sev)) {
    y->c->rule_on[i] = 1;
    y->c->rule_sev[i] = (signed char)sev;
  } else {
    return fail(y, v, "rule '%s': bad value '%s' (on, off, error, warning or note)", r->id, s);
  }
  return true;
}

static bool do_rules(yctx *y, const char *key, const yaml_node_t *v) { return each_pair(y, key, v, rule_pair); }

static bool do_fail_on(yctx *y, const char *key, const yaml_node_t *v) {
  const char *s = scalar(v);
  severity sev;
  if (!s || !severity_parse(s, &sev))
    return fail(y, v, "'%s': bad value '%s' (error, warning or note)", key, s ? s : "(not a scalar)");
  y->c->fail_on = (int)sev;
  return true;
}

/* "PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL" or a number 0..31; -1 if neither. */
static int parse_level(const char *s) {
  static const char *const names[] = {"PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL"};
  for (int i = 0; i < 3; i++)
    if (!strcmp(s, names[i])) return i;
  char *end;
  long v = strtol(s, &end, 10);
  return *s && !*end && v >= 0 && v <= 31 ? (int)v : -1;
}

static bool restricted_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  if (!is_ident(scalar(k))) return fail(y, k, "'%s': '%s' is not a routine name", key, scalar(k));
  const char *s = scalar(v);
  int lv = s ? parse_level(s) : -1;
  if (lv < 0)
    return fail(y, v, "'%s': bad level '%s' for %s (PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL or a number)", key,
                s ? s : "(not a scalar)", scalar(k));
  drv_config *c = y->c;
  VEC_PUSH(c->restricted, c->nrestricted, c->caprestricted, xstrdup(scalar(k)));
  c->restricted_level = xrealloc(c->restricted_level, sizeof(int) * (size_t)c->caprestricted);
  c->restricted_level[c->nrestricted - 1] = lv;
  return true;
}

static bool do_restricted(yctx *y, const char *key, const yaml_node_t *v) {
  return each_pair(y, key, v, restricted_pair);
}

static bool user_item(yctx *y, const char *key, const yaml_node_t *n) {
  const char *s = need_scalar(y, key, n, "a field or function name");
  if (!s) return false;
  if (!is_ident(s)) return fail(y, n, "'%s': '%s' is not a field or function name", key, s);
  VEC_PUSH(y->c->user_sources, y->c->nuser, y->c->capuser, xstrdup(s));
  return true;
}

static bool do_user(yctx *y, const char *key, const yaml_node_t *v) { return each_item(y, key, v, user_item); }

static bool alias_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  const char *to = scalar(v);
  if (!is_ident(scalar(k))) return fail(y, k, "'%s': '%s' is not a function or pointer name", key, scalar(k));
  if (!to || !is_ident(to))
    return fail(y, v, "'%s': %s must name a routine (e.g. MmSecureVirtualMemory)", key, scalar(k));
  drv_config *c = y->c;
  VEC_PUSH(c->alias_from, c->naliases, c->capalias, xstrdup(scalar(k)));
  c->alias_to = xrealloc(c->alias_to, sizeof(char *) * (size_t)c->capalias);
  c->alias_to[c->naliases - 1] = xstrdup(to);
  return true;
}

static bool do_aliases(yctx *y, const char *key, const yaml_node_t *v) { return each_pair(y, key, v, alias_pair); }

static bool seh_item(yctx *y, const char *key, const yaml_node_t *n) {
  const char *s = need_scalar(y, key, n, "a macro name");
  if (!s) return false;
  const char *eq = strchr(s, '=');
  char *name = eq ? xasprintf("%.*s", (int)(eq - s), s) : xstrdup(s);
  bool ok = eq ? is_macro_head(name) : is_ident(name);
  if (!ok) {
    free(name);
    return fail(y, n, "'%s': '%s' is not a macro name (NAME, or NAME=EXPANSION)", key, s);
  }
  seh_macro m = {y->role, name, eq ? xstrdup(eq + 1) : NULL};
  VEC_PUSH(y->c->seh, y->c->nseh, y->c->capseh, m);
  return true;
}

static bool seh_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  int role = seh_role_of(scalar(k));
  if (role < 0) return fail(y, k, "unknown key '%s' in '%s' (try, except, finally, end, leave)", scalar(k), key);
  y->role = (seh_role)role;
  char sub[64];
  snprintf(sub, sizeof sub, "%s: %s", key, scalar(k));
  return each_item(y, sub, v, seh_item);
}

static bool do_seh(yctx *y, const char *key, const yaml_node_t *v) { return each_pair(y, key, v, seh_pair); }

static bool include_item(yctx *y, const char *key, const yaml_node_t *n) {
  const char *s = need_scalar(y, key, n, "a directory");
  if (!s) return false;
  char *p = s[0] == '/' ? xstrdup(s) : xasprintf("%s/%s", y->c->dir, s);
  char *arg = xasprintf("-I%s", p);
  args_push(&y->c->args, arg);
  free(arg);
  free(p);
  return true;
}

static bool do_includes(yctx *y, const char *key, const yaml_node_t *v) {
  return each_item(y, key, v, include_item);
}

static bool add_define(yctx *y, const char *key, const yaml_node_t *n, const char *name, const char *value) {
  if (!is_macro_head(name)) return fail(y, n, "'%s': '%s' is not a macro name", key, name);
  char *arg = value ? xasprintf("-D%s=%s", name, value) : xasprintf("-D%s", name);
  args_push(&y->c->args, arg);
  free(arg);
  return true;
}

static bool define_item(yctx *y, const char *key, const yaml_node_t *n) {
  const char *s = need_scalar(y, key, n, "NAME or NAME=VALUE");
  if (!s) return false;
  const char *eq = strchr(s, '=');
  char *name = eq ? xasprintf("%.*s", (int)(eq - s), s) : xstrdup(s);
  bool ok = add_define(y, key, n, name, eq ? eq + 1 : NULL);
  free(name);
  return ok;
}

static bool define_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  if (!is_null(v) && !scalar(v)) return fail(y, v, "'%s': the value of %s must be a scalar", key, scalar(k));
  return add_define(y, key, k, scalar(k), is_null(v) ? NULL : scalar(v));
}

static bool do_defines(yctx *y, const char *key, const yaml_node_t *v) {
  if (v->type == YAML_MAPPING_NODE) return each_pair(y, key, v, define_pair);
  return each_item(y, key, v, define_item);
}

static bool exclude_item(yctx *y, const char *key, const yaml_node_t *n) {
  const char *s = need_scalar(y, key, n, "a path pattern");
  if (!s) return false;
  VEC_PUSH(y->c->exclude, y->c->nexclude, y->c->capexclude, xstrdup(s));
  return true;
}

static bool do_exclude(yctx *y, const char *key, const yaml_node_t *v) { return each_item(y, key, v, exclude_item); }

static const struct {
  const char *key;
  bool (*fn)(yctx *, const char *, const yaml_node_t *);
} keys[] = {
    {"rules", do_rules},           {"fail-on", do_fail_on},   {"restricted-ddis", do_restricted},
    {"user-pointer-sources", do_user}, {"aliases", do_aliases}, {"seh-macros", do_seh},
    {"include-paths", do_includes}, {"defines", do_defines},  {"exclude", do_exclude},
};
enum { NKEYS = sizeof keys / sizeof keys[0] };

static bool top_pair(yctx *y, const char *key, const yaml_node_t *k, const yaml_node_t *v) {
  (void)key;
  for (int i = 0; i < NKEYS; i++)
    if (!strcmp(keys[i].key, scalar(k))) return keys[i].fn(y, keys[i].key, v);
  return fail(y, k, "unknown key '%s'", scalar(k));
}

/* ---- loading ----------------------------------------------------------------------- */

static drv_config *config_new(void) {
  drv_config *c = xcalloc(1, sizeof *c);
  memset(c->rule_on, -1, sizeof c->rule_on);
  memset(c->rule_sev, -1, sizeof c->rule_sev);
  c->fail_on = -1;
  return c;
}

/* The path as shown in messages: relative to the working directory when below it. */
static char *shown_path(const char *path) {
  char cwd[PATH_MAX];
  size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
  if (path[0] == '/' && n && !strncmp(path, cwd, n) && path[n] == '/') return xstrdup(path + n + 1);
  return xstrdup(path);
}

static void finish(drv_config *c);

drv_config *config_defaults(void) {
  drv_config *c = config_new();
  finish(c);
  return c;
}

static void finish(drv_config *c) {
  c->names = (names_extra){c->naliases,   (const char *const *)c->alias_from, (const char *const *)c->alias_to,
                           c->nrestricted, (const char *const *)c->restricted, c->restricted_level,
                           c->nuser,       (const char *const *)c->user_sources};
}

static bool parse_doc(yctx *y, FILE *f) {
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_file(&parser, f);
  if (!yaml_parser_load(&parser, &doc)) {
    int line = (int)(parser.problem ? parser.problem_mark.line : parser.context_mark.line) + 1;
    y->err = xasprintf("%s:%d: invalid YAML: %s%s%s", y->shown, line, parser.problem ? parser.problem : "syntax error",
                       parser.context ? " " : "", parser.context ? parser.context : "");
    yaml_parser_delete(&parser);
    return false;
  }
  y->doc = &doc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  bool ok = true;
  if (root && !is_null(root)) {
    if (root->type != YAML_MAPPING_NODE)
      ok = fail(y, root, "expected a mapping of keys (rules:, fail-on:, ...) at the top level");
    else
      ok = each_pair(y, "configuration", root, top_pair);
  }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  return ok;
}

drv_config *config_load(const char *path, char **err) {
  char *shown = shown_path(path);
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = xasprintf("%s: cannot read the configuration: %s", shown, strerror(errno));
    free(shown);
    return NULL;
  }
  drv_config *c = config_new();
  c->path = xstrdup(path);
  char real[PATH_MAX];
  c->dir = realpath(path, real) ? xstrdup(real) : xstrdup(path);
  char *slash = strrchr(c->dir, '/');
  if (slash && slash != c->dir)
    *slash = 0;
  else if (slash)
    slash[1] = 0;
  else
    c->dir = (free(c->dir), xstrdup("."));
  yctx y = {NULL, shown, c, NULL, SEH_TRY};
  bool ok = parse_doc(&y, f);
  fclose(f);
  if (ok && c->nseh) {
    char *why = NULL;
    c->seh_header = seh_write_header(c->seh, c->nseh, &why);
    if (!c->seh_header) {
      y.err = xasprintf("%s: %s", shown, why);
      free(why);
      ok = false;
    } else {
      seh_add_args(c->seh_header, &c->args);
    }
  }
  free(shown);
  if (!ok) {
    *err = y.err;
    config_free(c);
    return NULL;
  }
  finish(c);
  return c;
}

static void free_strs(char **v, int n) {
  for (int i = 0; i < n; i++) free(v[i]);
  free(v);
}

void config_free(drv_config *c) {
  if (!c) return;
  free(c->path);
  free(c->dir);
  free_strs(c->alias_from, c->naliases);
  free_strs(c->alias_to, c->naliases);
  free_strs(c->restricted, c->nrestricted);
  free(c->restricted_level);
  free_strs(c->user_sources, c->nuser);
  for (int i = 0; i < c->nseh; i++) {
    free(c->seh[i].name);
    free(c->seh[i].expansion);
  }
  free(c->seh);
  free(c->seh_header);
  free_strs(c->exclude, c->nexclude);
  args_free(&c->args);
  free(c);
}
