/* Configuration files (.drvcheck.yml), read with libyaml. The file that applies to a source
 * is the nearest one found walking up from the source's directory (like .clang-tidy), or
 * the one named by --config. docs/configuration.md describes every key. */
#ifndef DRVCHECK_CONFIG_H
#define DRVCHECK_CONFIG_H
#include <stdbool.h>
#include <stdio.h>

#include "analyze.h"
#include "names.h"
#include "parse.h"
#include "seh.h"

#define CONFIG_FILE_NAME ".drvcheck.yml"

typedef struct drv_config {
  char *path;                /* the file it was read from; NULL: built-in defaults */
  char *dir;                 /* its directory (absolute), for relative paths and patterns */
  signed char rule_on[64];   /* per rule_table index: -1 not set, 0 off, 1 on */
  signed char rule_sev[64];  /* -1 not set, else a severity */
  int fail_on;               /* -1 not set, else a severity */
  char **alias_from, **alias_to;
  int naliases, capalias;
  char **restricted;
  int *restricted_level;
  int nrestricted, caprestricted;
  char **user_sources;
  int nuser, capuser;
  seh_macro *seh;
  int nseh, capseh;
  char *seh_header;          /* generated forced include, once seh-macros is set */
  char **exclude;            /* glob patterns relative to dir */
  int nexclude, capexclude;
  arg_list args;             /* compiler arguments: include-paths, defines, SEH macros */
  names_extra names;         /* views of the name tables, for names_set_extra() */
} drv_config;

typedef struct config_set config_set;

/* A set of configurations. `forced`: the --config file used for every source (NULL:
 * search); `none`: use no file at all (--no-config). */
config_set *config_set_new(const char *forced, bool none);
/* Free the set and every configuration read through it. */
void config_set_free(config_set *cs);
/* The configuration applying to source file `file` (never NULL unless the file that
 * applies is invalid: then NULL with *err = "path:line: message", malloc'd). */
const drv_config *config_for(config_set *cs, const char *file, char **err);

/* The built-in defaults (no file): nothing set. */
drv_config *config_defaults(void);
/* Read and check one configuration file; NULL with *err on an error. */
drv_config *config_load(const char *path, char **err);
/* Free a configuration of config_load / config_defaults. */
void config_free(drv_config *c);

/* True if file matches one of the exclude patterns of c. */
bool config_excludes(const drv_config *c, const char *file);
/* Match a glob pattern (gitignore-like: '*', '?', '[...]' within a path segment, '**' any
 * number of segments; no '/' inside: any segment; a directory matches what is below it)
 * against a '/'-separated relative path. */
bool config_glob_match(const char *pattern, const char *path);
/* The rule settings of c applied on top of base. */
void config_apply_rules(const drv_config *c, rule_config *base);
/* Print c as YAML (the effective configuration, for --dump-config). */
void config_dump(FILE *out, const drv_config *c, const rule_config *rules, int fail_on);
#endif
