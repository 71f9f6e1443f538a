/* drvcheck command line: options, inputs and their configuration, the analysis of every
 * file (driver.c), suppressions, baseline and diff filters, report, exit status; and the
 * `drvcheck merge` subcommand. */
#include <clang-c/Index.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "baseline.h"
#include "compdb.h"
#include "config.h"
#include "diffmode.h"
#include "domains.h"
#include "driver.h"
#include "findings.h"
#include "reslimits.h"
#include "merge.h"
#include "outfile.h"
#include "report.h"
#include "rules.h"
#include "seh.h"
#include "source.h"
#include "util.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage_text[] =
#include "usage.inc"
    ;

typedef struct options {
  arg_list files;
  arg_list extra; /* after -- and --extra-arg */
  const char *build_dir;
  const char *format;
  const char *output;
  const char *config;       /* --config FILE */
  bool no_config;
  const char *baseline;     /* --baseline FILE */
  const char *write_baseline;
  const char *diff;         /* --diff FILE */
  int shard_k, shard_n;     /* --shard K/N (0/0: all) */
  int threads;              /* -j N (0: number of processors) */
  int fail_on;              /* -1: from the configuration, else a severity */
  signed char cli_rule[64]; /* --enable / --disable: -1 not given, 0 off, 1 on */
  bool warn_unused;
  bool dump_config;
  bool show_source;
  bool print_args; /* print the compiler arguments of each file and exit */
  int color;       /* -1 auto */
  bool dump_cfg, no_cache;
} options;

static void die_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "drvcheck: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see drvcheck --help)\n");
  exit(EXIT_TROUBLE);
}

static void set_rules(options *o, const char *list, bool on) {
  char *copy = xstrdup(list), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    const rule_info *r = rule_find(tok);
    if (!r) {
      fprintf(stderr, "drvcheck: error: unknown rule '%s' (see drvcheck --list-rules)\n", tok);
      free(copy);
      exit(EXIT_TROUBLE);
    }
    o->cli_rule[r - rule_table] = on;
  }
  free(copy);
}

static void list_rules(void) {
  printf("%-26s %-8s %-4s %s\n", "rule", "severity", "on", "summary");
  for (int i = 0; i < rule_count; i++)
    printf("%-26s %-8s %-4s %s\n", rule_table[i].id, severity_name(rule_table[i].sev), rule_table[i].on ? "yes" : "no",
           rule_table[i].summary);
}

static const char *need_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) die_usage("option '%s' needs a value", argv[*i]);
  return argv[++*i];
}

/* The value of `--name VALUE` or `--name=VALUE` if argv[*i] is that option, else NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n)) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n]) return NULL;
  return need_value(argc, argv, i);
}

static int parse_count(const char *v, const char *opt) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 0 || n > 1024) die_usage("%s takes a number of threads (1-1024, 0: one per processor)", opt);
  return (int)n;
}

static void parse_shard(options *o, const char *v) {
  char *end;
  long k = strtol(v, &end, 10), n = *end == '/' ? strtol(end + 1, &end, 10) : 0;
  if (*end || k < 1 || n < 1 || k > n || n > 100000) die_usage("--shard takes K/N with 1 <= K <= N, not '%s'", v);
  o->shard_k = (int)k;
  o->shard_n = (int)n;
}

/* Options that take a value; true if argv[*i] was one of them. */
static bool value_option(int argc, char **argv, int *i, options *o) {
  const char *a = argv[*i], *v;
  if (!strcmp(a, "-p")) {
    o->build_dir = need_value(argc, argv, i);
  } else if (!strncmp(a, "-p", 2) && a[2] && a[2] != '-') {
    o->build_dir = a + 2;
  } else if (!strcmp(a, "-j")) {
    o->threads = parse_count(need_value(argc, argv, i), "-j");
  } else if (!strncmp(a, "-j", 2) && a[2] >= '0' && a[2] <= '9') {
    o->threads = parse_count(a + 2, "-j");
  } else if ((v = opt_value(argc, argv, i, "--jobs"))) {
    o->threads = parse_count(v, "--jobs");
  } else if ((v = opt_value(argc, argv, i, "--format"))) {
    o->format = v;
  } else if (!strcmp(a, "-o")) {
    o->output = need_value(argc, argv, i);
  } else if ((v = opt_value(argc, argv, i, "--output"))) {
    o->output = v;
  } else if ((v = opt_value(argc, argv, i, "--enable"))) {
    set_rules(o, v, true);
  } else if ((v = opt_value(argc, argv, i, "--disable"))) {
    set_rules(o, v, false);
  } else if ((v = opt_value(argc, argv, i, "--fail-on"))) {
    severity s;
    if (!severity_parse(v, &s)) die_usage("--fail-on takes error, warning or note, not '%s'", v);
    o->fail_on = (int)s;
  } else if ((v = opt_value(argc, argv, i, "--extra-arg"))) {
    args_push(&o->extra, v);
  } else if ((v = opt_value(argc, argv, i, "--config"))) {
    o->config = v;
  } else if ((v = opt_value(argc, argv, i, "--baseline"))) {
    o->baseline = v;
  } else if ((v = opt_value(argc, argv, i, "--write-baseline"))) {
    o->write_baseline = v;
  } else if ((v = opt_value(argc, argv, i, "--diff"))) {
    o->diff = v;
  } else if ((v = opt_value(argc, argv, i, "--shard"))) {
    parse_shard(o, v);
  } else if ((v = opt_value(argc, argv, i, "--max-file-size"))) {
    long long n;
    if (!limits_parse_size(v, &n)) die_usage("--max-file-size takes a number of bytes (K, M, G suffixes; 0: none), not '%s'", v);
    limits_set_max_file_size(n);
  } else if ((v = opt_value(argc, argv, i, "--timeout"))) {
    double t;
    if (!limits_parse_seconds(v, &t)) die_usage("--timeout takes a number of seconds greater than 0, not '%s'", v);
    limits_set_timeout(t);
  } else if ((v = opt_value(argc, argv, i, "--cache-dir"))) {
    setenv("DRVCHECK_CACHE_DIR", v, 1);
  } else if ((v = opt_value(argc, argv, i, "--explain"))) {
    exit(report_explain(stdout, v));
  } else {
    return false;
  }
  return true;
}

/* Options without a value; true if argv[i] was one of them. */
static bool flag_option(const char *a, options *o) {
  if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
    fputs(usage_text, stdout);
    exit(EXIT_CLEAN);
  } else if (!strcmp(a, "--version")) {
    CXString v = clang_getClangVersion();
    printf("drvcheck %s (libclang: %s)\n", DRVCHECK_VERSION, clang_getCString(v));
    clang_disposeString(v);
    exit(EXIT_CLEAN);
  } else if (!strcmp(a, "--list-rules")) {
    list_rules();
    exit(EXIT_CLEAN);
  } else if (!strcmp(a, "--no-config")) {
    o->no_config = true;
  } else if (!strcmp(a, "--warn-unused-suppressions")) {
    o->warn_unused = true;
  } else if (!strcmp(a, "--dump-config")) {
    o->dump_config = true;
  } else if (!strcmp(a, "--print-compile-args")) {
    o->print_args = true;
  } else if (!strcmp(a, "--no-cache")) {
    o->no_cache = true;
  } else if (!strcmp(a, "--dump-cfg")) {
    o->dump_cfg = true;
  } else if (!strcmp(a, "--no-source")) {
    o->show_source = false;
  } else if (!strcmp(a, "--color")) {
    o->color = 1;
  } else if (!strcmp(a, "--no-color")) {
    o->color = 0;
  } else {
    return false;
  }
  return true;
}

static void parse_options(int argc, char **argv, options *o) {
  o->format = "text";
  o->fail_on = -1;
  o->show_source = true;
  o->color = -1;
  memset(o->cli_rule, -1, sizeof o->cli_rule);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      for (i++; i < argc; i++) args_push(&o->extra, argv[i]);
      break;
    }
    if (value_option(argc, argv, &i, o) || flag_option(a, o)) continue;
    if (a[0] == '-' && a[1]) die_usage("unknown option '%s'", a);
    args_push(&o->files, a);
  }
  if (!report_format_known(o->format)) {
    fprintf(stderr, "drvcheck: error: unknown format '%s' (%s)\n", o->format, report_format_list());
    exit(EXIT_TROUBLE);
  }
  if (o->config && o->no_config) die_usage("%s", "--config and --no-config exclude each other");
}

/* ---- drvcheck merge ------------------------------------------------------------------ */

static int merge_command(int argc, char **argv) {
  const char *out_path = NULL;
  arg_list in = {0};
  for (int i = 1; i < argc; i++) {
    const char *v;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      puts("usage: drvcheck merge A.sarif B.sarif ... [-o FILE]\n\n"
           "Join the SARIF reports of the shards of one check (--shard K/N) into one log\n"
           "with one run: the union of the rules and every result, in a deterministic\n"
           "order, each duplicate once. Writes to standard output without -o.");
      return EXIT_CLEAN;
    } else if (!strcmp(argv[i], "-o")) {
      out_path = need_value(argc, argv, &i);
    } else if ((v = opt_value(argc, argv, &i, "--output"))) {
      out_path = v;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      die_usage("unknown option '%s' of drvcheck merge", argv[i]);
    } else {
      args_push(&in, argv[i]);
    }
  }
  if (!in.n) die_usage("%s", "drvcheck merge needs SARIF files to merge");
  char *err = NULL;
  json_t *log = merge_sarif((const char *const *)in.v, in.n, &err);
  args_free(&in);
  if (!log) {
    fprintf(stderr, "drvcheck: error: %s\n", err);
    free(err);
    return EXIT_TROUBLE;
  }
  FILE *out = outfile_open(out_path);
  bool ok = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 && fputc('\n', out) != EOF;
  json_decref(log);
  ok = outfile_close(out, out_path) && ok;
  return ok ? EXIT_CLEAN : EXIT_TROUBLE;
}

/* ---- inputs ------------------------------------------------------------------------- */

static bool check_readable(const char *file) {
  struct stat st;
  if (stat(file, &st) != 0) {
    fprintf(stderr, "drvcheck: error: %s: %s\n", file, strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "drvcheck: error: %s: is a directory, not a source file\n", file);
    return false;
  }
  FILE *f = fopen(file, "rb");
  if (!f) {
    fprintf(stderr, "drvcheck: error: %s: %s\n", file, strerror(errno));
    return false;
  }
  fclose(f);
  return limits_check_input(file); /* --max-file-size, binary data */
}

static bool is_c_file(const char *f) {
  size_t n = strlen(f);
  return n > 2 && (!strcmp(f + n - 2, ".c") || !strcmp(f + n - 2, ".C"));
}

/* The state of one run: options, inputs, configurations and their rule settings. */
typedef struct run {
  options o;
  compdb db;
  config_set *configs;
  const drv_config **cfg_of; /* per rule setting */
  rule_config **rules;        /* allocated one by one: jobs point at them */
  int *fail_on;
  int nsettings, capsettings;
  diff_set *diff;
  baseline *base;
  job *jobs;
  int njobs, capjobs;
  bool from_compdb; /* the inputs are every C file of compile_commands.json */
  int status;
} run;

/* The configuration of file; exits 2 if the file that applies is invalid. */
static const drv_config *config_or_die(run *r, const char *file) {
  char *err = NULL;
  const drv_config *c = config_for(r->configs, file, &err);
  if (!c) {
    fprintf(stderr, "drvcheck: error: %s\n", err);
    exit(EXIT_TROUBLE);
  }
  return c;
}

/* The rule settings for a configuration: defaults, then the file, then the command line. */
static int settings_of(run *r, const drv_config *c) {
  for (int i = 0; i < r->nsettings; i++)
    if (r->cfg_of[i] == c) return i;
  int cap = r->capsettings;
  VEC_PUSH(r->cfg_of, r->nsettings, r->capsettings, c);
  if (r->capsettings != cap) {
    r->rules = xrealloc(r->rules, sizeof *r->rules * (size_t)r->capsettings);
    r->fail_on = xrealloc(r->fail_on, sizeof(int) * (size_t)r->capsettings);
  }
  int k = r->nsettings - 1;
  rule_config *rc = r->rules[k] = xmalloc(sizeof *rc);
  rule_config_defaults(rc);
  config_apply_rules(c, rc);
  for (int i = 0; i < rule_count; i++)
    if (r->o.cli_rule[i] >= 0) rc->enabled[i] = r->o.cli_rule[i] == 1;
  rc->dump_cfg = r->o.dump_cfg;
  rc->no_cache = r->o.no_cache;
  r->fail_on[k] = r->o.fail_on >= 0 ? r->o.fail_on : c->fail_on >= 0 ? c->fail_on : SEV_WARNING;
  return k;
}

static void load_inputs(run *r) {
  options *o = &r->o;
  if (o->build_dir) {
    char *err = NULL;
    if (!compdb_load(o->build_dir, &r->db, &err)) {
      fprintf(stderr, "drvcheck: error: %s\n", err);
      free(err);
      exit(EXIT_TROUBLE);
    }
    if (o->files.n == 0) {
      r->from_compdb = true;
      for (int i = 0; i < r->db.n; i++)
        if (is_c_file(r->db.v[i].file)) args_push(&o->files, r->db.v[i].file);
    }
  }
  if (o->files.n == 0 && !o->dump_config)
    die_usage("%s", o->build_dir ? "compile_commands.json lists no C file" : "no input files");
  char *err = NULL;
  if (o->diff && !(r->diff = diff_read(o->diff, &err))) {
    fprintf(stderr, "drvcheck: error: %s\n", err);
    exit(EXIT_TROUBLE);
  }
  if (o->baseline && !(r->base = baseline_read(o->baseline, &err))) {
    fprintf(stderr, "drvcheck: error: %s\n", err);
    exit(EXIT_TROUBLE);
  }
}

static int cmp_job(const void *a, const void *b) { return strcmp(((const job *)a)->file, ((const job *)b)->file); }

/* Keep the jobs of shard K of N: every N-th of the jobs sorted by path. */
static void pick_shard(run *r) {
  if (!r->o.shard_n) return;
  qsort(r->jobs, (size_t)r->njobs, sizeof *r->jobs, cmp_job);
  int w = 0;
  for (int i = 0; i < r->njobs; i++)
    if (i % r->o.shard_n == r->o.shard_k - 1) r->jobs[w++] = r->jobs[i];
  r->njobs = w;
}

/* The compiler arguments of file: its compile_commands.json entry, the configuration's
 * include paths, defines and SEH macros, then the command line's. */
static void file_args(run *r, const char *file, const drv_config *c, arg_list *out) {
  arg_list user = {0};
  const compdb_entry *ce = r->o.build_dir ? compdb_find(&r->db, file) : NULL;
  if (ce)
    for (int k = 0; k < ce->args.n; k++) args_push(&user, ce->args.v[k]);
  for (int k = 0; k < c->args.n; k++) args_push(&user, c->args.v[k]);
  for (int k = 0; k < r->o.extra.n; k++) args_push(&user, r->o.extra.v[k]);
  parse_build_args(&user, out);
  args_free(&user);
}

/* One job per input to analyse: named once, not excluded, touched by the diff when only
 * changed sources can have findings on changed lines (diff mode over a whole
 * compile_commands.json whose diff changes no header), in the shard; then the readable
 * ones get their compiler arguments (an unreadable input is an error of its shard only). */
static void make_jobs(run *r) {
  options *o = &r->o;
  bool only_changed = r->diff && r->from_compdb && diff_only_sources(r->diff);
  intern_table seen = {0};
  for (int i = 0; i < o->files.n; i++) {
    const char *file = o->files.v[i];
    size_t before = seen.n;
    intern(&seen, file);
    if (seen.n == before) continue; /* named twice */
    const drv_config *c = config_or_die(r, file);
    if (config_excludes(c, file) || (only_changed && !diff_touches(r->diff, file))) continue;
    int k = settings_of(r, c);
    job j = {.file = file, .rules = r->rules[k], .names = &c->names};
    VEC_PUSH(r->jobs, r->njobs, r->capjobs, j);
  }
  intern_free(&seen);
  pick_shard(r);
  int w = 0;
  for (int i = 0; i < r->njobs; i++) {
    if (!check_readable(r->jobs[i].file)) {
      r->status = EXIT_TROUBLE;
      continue;
    }
    file_args(r, r->jobs[i].file, config_or_die(r, r->jobs[i].file), &r->jobs[i].args);
    r->jobs[w++] = r->jobs[i];
  }
  r->njobs = w;
}

/* ---- after the analysis ---------------------------------------------------------------- */

static bool rule_enabled_for(void *ctx, const char *file, int rule) {
  run *r = ctx;
  int k = settings_of(r, config_or_die(r, file));
  return r->rules[k]->enabled[rule];
}

/* The rules listed in reports: every rule enabled for some input, with the severity of
 * the first input that enables it. */
static void report_rules(run *r, rule_config *out) {
  rule_config_defaults(out);
  if (!r->njobs) {
    for (int i = 0; i < rule_count; i++)
      if (r->o.cli_rule[i] >= 0) out->enabled[i] = r->o.cli_rule[i] == 1;
    return;
  }
  memset(out->enabled, 0, sizeof out->enabled);
  for (int j = 0; j < r->njobs; j++)
    for (int i = 0; i < rule_count; i++)
      if (!out->enabled[i] && r->jobs[j].rules->enabled[i]) {
        out->enabled[i] = true;
        out->sev[i] = r->jobs[j].rules->sev[i];
      }
}

/* Suppressions, order, baseline and diff: the findings to report. */
static void filter_findings(run *r, finding_list *all, source_cache *src) {
  if (r->o.warn_unused) {
    const char **files = xcalloc((size_t)r->njobs + 1, sizeof *files);
    for (int i = 0; i < r->njobs; i++) files[i] = r->jobs[i].file;
    suppress_check chk = {files, r->njobs, rule_enabled_for, r};
    suppress_findings_checked(src, all, &chk);
    free(files);
  } else {
    suppress_findings(src, all);
  }
  findings_sort_unique(all);
  char *err = NULL;
  if (r->o.write_baseline && !baseline_write(r->o.write_baseline, all, src, &err)) {
    fprintf(stderr, "drvcheck: error: %s\n", err);
    free(err);
    r->status = EXIT_TROUBLE;
  }
  if (r->base) {
    int hidden = baseline_filter(r->base, all, src);
    fprintf(stderr, "drvcheck: %d known finding(s) hidden by the baseline\n", hidden);
  }
  if (r->diff) diff_filter(r->diff, all);
}

static int dump_configs(run *r) {
  int n = r->o.files.n;
  for (int i = 0; i < (n ? n : 1); i++) {
    const char *file = n ? r->o.files.v[i] : ".";
    const drv_config *c = config_or_die(r, file);
    int k = settings_of(r, c);
    if (i) puts("---");
    if (n > 1) printf("# for %s\n", file);
    config_dump(stdout, c, r->rules[k], r->fail_on[k]);
  }
  return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

static int print_compile_args(run *r) {
  for (int i = 0; i < r->njobs; i++)
    for (int k = 0; k < r->jobs[i].args.n; k++) printf("%s\n", r->jobs[i].args.v[k]);
  return r->status;
}

static void run_free(run *r) {
  for (int i = 0; i < r->njobs; i++) {
    args_free(&r->jobs[i].args);
    findings_free(&r->jobs[i].findings);
  }
  free(r->jobs);
  for (int i = 0; i < r->nsettings; i++) free(r->rules[i]);
  free(r->rules);
  free(r->cfg_of);
  free(r->fail_on);
  config_set_free(r->configs);
  diff_free(r->diff);
  baseline_free(r->base);
  compdb_free(&r->db);
  args_free(&r->o.files);
  args_free(&r->o.extra);
  seh_cleanup();
}

static int check(run *r) {
  make_jobs(r);
  if (r->o.print_args) return print_compile_args(r);
  FILE *out = outfile_open(r->o.output);
  int threads = r->o.threads ? r->o.threads : driver_default_threads();
  driver_run(r->jobs, r->njobs, threads, isatty(2) && r->njobs > 5);
  finding_list all = {0};
  for (int i = 0; i < r->njobs; i++) {
    if (r->jobs[i].failed) r->status = EXIT_TROUBLE;
    findings_append(&all, &r->jobs[i].findings);
  }
  source_cache *src = source_cache_new();
  filter_findings(r, &all, src);
  rule_config rules;
  report_rules(r, &rules);
  report_opts ro = {r->o.color == 1 || (r->o.color < 0 && !r->o.output && isatty(1) && !getenv("NO_COLOR")),
                    r->o.show_source, &rules};
  bool ok = report_write(out, r->o.format, &all, src, &ro);
  if (!outfile_close(out, r->o.output) || !ok) r->status = EXIT_TROUBLE;
  for (int i = 0; i < all.n && r->status == EXIT_CLEAN; i++) {
    int k = settings_of(r, config_or_die(r, all.v[i].file));
    if ((int)all.v[i].sev >= r->fail_on[k]) r->status = EXIT_FINDINGS;
  }
  source_cache_free(src);
  findings_free(&all);
  return r->status;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "merge")) return merge_command(argc - 1, argv + 1);
  run r = {0};
  parse_options(argc, argv, &r.o);
  domains_register_all(); /* before any thread starts: the engine's registry is then read-only */
  limits_guard_init();    /* libclang parses on our threads, which survive its stack overflows */
  r.configs = config_set_new(r.o.config, r.o.no_config);
  load_inputs(&r);
  int status = r.o.dump_config ? dump_configs(&r) : check(&r);
  run_free(&r);
  return status;
}
