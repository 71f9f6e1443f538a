/* Which configuration applies to a source (the nearest .drvcheck.yml walking up, cached
 * per directory), and what a configuration does: exclude patterns, rule settings, the
 * --dump-config listing (see config.h). */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "rules.h"
#include "util.h"

/* ---- lookup ------------------------------------------------------------------------ */

struct config_set {
  char *forced;
  bool none;
  drv_config *defaults;
  drv_config **loaded; /* by path id */
  char **load_err;
  int caploaded;
  intern_table paths;   /* configuration files read */
  intern_table dirs;    /* directories looked up: dir id -> path id or -1 */
  int *dir_cfg;
  int capdir;
};

config_set *config_set_new(const char *forced, bool none) {
  config_set *cs = xcalloc(1, sizeof *cs);
  cs->forced = forced ? xstrdup(forced) : NULL;
  cs->none = none;
  cs->defaults = config_defaults();
  return cs;
}

void config_set_free(config_set *cs) {
  if (!cs) return;
  for (size_t i = 0; i < cs->paths.n; i++) {
    config_free(cs->loaded[i]);
    free(cs->load_err[i]);
  }
  free(cs->loaded);
  free(cs->load_err);
  intern_free(&cs->paths);
  intern_free(&cs->dirs);
  free(cs->dir_cfg);
  config_free(cs->defaults);
  free(cs->forced);
  free(cs);
}

/* The configuration read from path (once); NULL with *err if it is invalid. */
static const drv_config *load_cached(config_set *cs, const char *path, char **err) {
  int id = intern(&cs->paths, path);
  if (id >= cs->caploaded) {
    int old = cs->caploaded;
    cs->caploaded = id * 2 + 8;
    cs->loaded = xrealloc(cs->loaded, sizeof *cs->loaded * (size_t)cs->caploaded);
    cs->load_err = xrealloc(cs->load_err, sizeof *cs->load_err * (size_t)cs->caploaded);
    for (int i = old; i < cs->caploaded; i++) cs->loaded[i] = NULL, cs->load_err[i] = NULL;
  }
  if (!cs->loaded[id] && !cs->load_err[id]) cs->loaded[id] = config_load(path, &cs->load_err[id]);
  if (!cs->loaded[id]) *err = xstrdup(cs->load_err[id]);
  return cs->loaded[id];
}

static void set_dir(config_set *cs, const char *dir, int path_id) {
  int id = intern(&cs->dirs, dir);
  if (id >= cs->capdir) {
    cs->capdir = id * 2 + 16;
    cs->dir_cfg = xrealloc(cs->dir_cfg, sizeof(int) * (size_t)cs->capdir);
  }
  cs->dir_cfg[id] = path_id;
}

/* The configuration file that applies in directory dir (absolute), walking up; its path
 * (malloc'd) or NULL. Directories seen are remembered. */
static char *find_upwards(config_set *cs, const char *start) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", start);
  char *visited[256];
  int nv = 0, found = -1;
  for (;;) {
    int id = intern_find(&cs->dirs, dir);
    if (id >= 0) {
      found = cs->dir_cfg[id];
      break;
    }
    if (nv < 256) visited[nv++] = xstrdup(dir);
    char *cand = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", CONFIG_FILE_NAME);
    struct stat st;
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
      found = intern(&cs->paths, cand);
      free(cand);
      break;
    }
    free(cand);
    char *slash = strrchr(dir, '/');
    if (!slash || !strcmp(dir, "/")) break;
    if (slash == dir)
      dir[1] = 0;
    else
      *slash = 0;
  }
  for (int i = 0; i < nv; i++) {
    set_dir(cs, visited[i], found);
    free(visited[i]);
  }
  return found >= 0 ? xstrdup(cs->paths.strs[found]) : NULL;
}

/* The absolute directory of file (the file itself if it is a directory), malloc'd. */
static char *dir_of(const char *file) {
  char real[PATH_MAX];
  struct stat st;
  if (realpath(file, real)) {
    if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) return xstrdup(real);
    char *slash = strrchr(real, '/');
    if (slash && slash != real) *slash = 0;
    else if (slash) slash[1] = 0;
    return xstrdup(real);
  }
  /* not on disk: its directory as written, else the working directory */
  char *copy = xstrdup(file), *slash = strrchr(copy, '/');
  if (slash) *slash = 0;
  char *dir = slash && realpath(slash == copy ? "/" : copy, real) ? xstrdup(real)
              : getcwd(real, sizeof real) ? xstrdup(real) : xstrdup("/");
  free(copy);
  return dir;
}

const drv_config *config_for(config_set *cs, const char *file, char **err) {
  if (cs->none) return cs->defaults;
  if (cs->forced) return load_cached(cs, cs->forced, err);
  char *dir = dir_of(file);
  char *path = find_upwards(cs, dir);
  free(dir);
  if (!path) return cs->defaults;
  const drv_config *c = load_cached(cs, path, err);
  free(path);
  return c;
}

/* ---- use --------------------------------------------------------------------------- */

/* Split "a/b/c" into segments (pointers into the copy s). */
static int split_path(char *s, char **seg, int max) {
  int n = 0;
  char *save = NULL;
  for (char *tok = strtok_r(s, "/", &save); tok && n < max; tok = strtok_r(NULL, "/", &save))
    if (strcmp(tok, ".")) seg[n++] = tok;
  return n;
}

bool config_glob_match(const char *pattern, const char *path) {
  enum { MAXSEG = 128 };
  size_t pl = strlen(pattern);
  bool dir_only = pl > 1 && pattern[pl - 1] == '/';
  bool anchored = strchr(pattern, '/') && strchr(pattern, '/') != pattern + pl - 1;
  char *pc = xasprintf("%s%s", anchored ? "" : "**/", pattern[0] == '/' ? pattern + 1 : pattern);
  char *sc = xstrdup(path);
  char *ps[MAXSEG], *ss[MAXSEG];
  int np = split_path(pc, ps, MAXSEG), ns = split_path(sc, ss, MAXSEG);
  /* dp[i][j]: the first i pattern segments match the first j path segments */
  bool *dp = xcalloc((size_t)(np + 1) * (size_t)(ns + 1), sizeof(bool));
#define DP(i, j) dp[(size_t)(i) * (size_t)(ns + 1) + (size_t)(j)]
  DP(0, 0) = true;
  for (int i = 0; i < np; i++) {
    bool any = !strcmp(ps[i], "**");
    for (int j = 0; j <= ns; j++) {
      if (any) {
        DP(i + 1, j) = DP(i, j) || (j > 0 && DP(i + 1, j - 1));
      } else if (j < ns && DP(i, j) && fnmatch(ps[i], ss[j], 0) == 0) {
        DP(i + 1, j + 1) = true;
      }
    }
  }
  bool hit = false;
  for (int k = 1; k <= ns && !hit; k++)
    if (DP(np, k) && (k < ns || !dir_only)) hit = true;
#undef DP
  free(dp);
  free(pc);
  free(sc);
  return hit;
}

bool config_excludes(const drv_config *c, const char *file) {
  if (!c->nexclude) return false;
  char real[PATH_MAX];
  const char *abs = realpath(file, real) ? real : file;
  size_t n = c->dir ? strlen(c->dir) : 0;
  const char *rel = abs;
  if (n && !strncmp(abs, c->dir, n) && abs[n] == '/') rel = abs + n + 1;
  for (int i = 0; i < c->nexclude; i++)
    if (config_glob_match(c->exclude[i], rel)) return true;
  return false;
}

void config_apply_rules(const drv_config *c, rule_config *base) {
  for (int i = 0; i < rule_count && i < 64; i++) {
    if (c->rule_on[i] >= 0) base->enabled[i] = c->rule_on[i] == 1;
    if (c->rule_sev[i] >= 0) base->sev[i] = (severity)c->rule_sev[i];
  }
}

/* ---- --dump-config ----------------------------------------------------------------- */

static void put_str(FILE *out, const char *s) {
  bool plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@`~ ", *s);
  for (const char *p = s; *p && plain; p++)
    if (!(isalnum((unsigned char)*p) || strchr("_-./()=", *p))) plain = false;
  if (plain) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (const char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\') fputc('\\', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

static void dump_list(FILE *out, const char *key, char **v, int n) {
  fprintf(out, "%s:%s\n", key, n ? "" : " []");
  for (int i = 0; i < n; i++) {
    fputs("  - ", out);
    put_str(out, v[i]);
    fputc('\n', out);
  }
}

static void dump_args(FILE *out, const drv_config *c, const char *key, const char *prefix) {
  int n = 0;
  for (int i = 0; i < c->args.n; i++) n += !strncmp(c->args.v[i], prefix, 2);
  fprintf(out, "%s:%s\n", key, n ? "" : " []");
  for (int i = 0; i < c->args.n; i++)
    if (!strncmp(c->args.v[i], prefix, 2)) {
      fputs("  - ", out);
      put_str(out, c->args.v[i] + 2);
      fputc('\n', out);
    }
}

void config_dump(FILE *out, const drv_config *c, const rule_config *rules, int fail_on) {
  fprintf(out, "# configuration: %s\n", c->path ? c->path : "none (built-in defaults)");
  fputs("rules:\n", out);
  for (int i = 0; i < rule_count; i++)
    fprintf(out, "  %s: %s\n", rule_table[i].id, rules->enabled[i] ? severity_name(rules->sev[i]) : "off");
  fprintf(out, "fail-on: %s\n", severity_name((severity)fail_on));
  fprintf(out, "restricted-ddis:%s\n", c->nrestricted ? "" : " {}");
  for (int i = 0; i < c->nrestricted; i++) fprintf(out, "  %s: %d\n", c->restricted[i], c->restricted_level[i]);
  dump_list(out, "user-pointer-sources", c->user_sources, c->nuser);
  fprintf(out, "aliases:%s\n", c->naliases ? "" : " {}");
  for (int i = 0; i < c->naliases; i++) fprintf(out, "  %s: %s\n", c->alias_from[i], c->alias_to[i]);
  fprintf(out, "seh-macros:%s\n", c->nseh ? "" : " {}");
  for (int r = 0; r < SEH_NROLES; r++) {
    bool any = false;
    for (int i = 0; i < c->nseh; i++) {
      if (c->seh[i].role != (seh_role)r) continue;
      if (!any) fprintf(out, "  %s:\n", seh_role_name((seh_role)r));
      any = true;
      char *def = seh_define(&c->seh[i]);
      char *head = def + 8; /* after "#define ": NAME[(params)] EXPANSION, shown NAME=EXPANSION */
      char *sp = head + strcspn(head, "( ");
      if (*sp == '(') sp = strchr(sp, ')') + 1;
      if (*sp == ' ') *sp = '=';
      fputs("    - ", out);
      put_str(out, head);
      fputc('\n', out);
      free(def);
    }
  }
  dump_args(out, c, "include-paths", "-I");
  dump_args(out, c, "defines", "-D");
  dump_list(out, "exclude", c->exclude, c->nexclude);
}
