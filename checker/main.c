/* drvcheck command line: options, inputs, analysis of each file, report, exit status. */
#include <clang-c/Index.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "compdb.h"
#include "domains.h"
#include "findings.h"
#include "report.h"
#include "rules.h"
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
  severity fail_on;
  bool show_source;
  bool print_args; /* print the compiler arguments of each file and exit */
  int color; /* -1 auto */
  rule_config rules;
} options;

static void die_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "drvcheck: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see drvcheck --help)\n");
  exit(EXIT_TROUBLE);
}

static void set_rules(options *o, const char *list, bool on) {
  char *copy = xstrdup(list);
  for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
    const rule_info *r = rule_find(tok);
    if (!r) {
      fprintf(stderr, "drvcheck: error: unknown rule '%s' (see drvcheck --list-rules)\n", tok);
      free(copy);
      exit(EXIT_TROUBLE);
    }
    o->rules.enabled[r - rule_table] = on;
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

static void parse_options(int argc, char **argv, options *o) {
  o->format = "text";
  o->fail_on = SEV_WARNING;
  o->show_source = true;
  o->color = -1;
  rule_config_defaults(&o->rules);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      for (i++; i < argc; i++) args_push(&o->extra, argv[i]);
      break;
    }
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
    } else if (!strcmp(a, "-p")) {
      o->build_dir = need_value(argc, argv, &i);
    } else if (!strncmp(a, "-p", 2) && a[2] && a[2] != '-') {
      o->build_dir = a + 2;
    } else if (!strcmp(a, "--format")) {
      o->format = need_value(argc, argv, &i);
    } else if (!strncmp(a, "--format=", 9)) {
      o->format = a + 9;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      o->output = need_value(argc, argv, &i);
    } else if (!strncmp(a, "--output=", 9)) {
      o->output = a + 9;
    } else if (!strcmp(a, "--enable")) {
      set_rules(o, need_value(argc, argv, &i), true);
    } else if (!strncmp(a, "--enable=", 9)) {
      set_rules(o, a + 9, true);
    } else if (!strcmp(a, "--disable")) {
      set_rules(o, need_value(argc, argv, &i), false);
    } else if (!strncmp(a, "--disable=", 10)) {
      set_rules(o, a + 10, false);
    } else if (!strcmp(a, "--fail-on") || !strncmp(a, "--fail-on=", 10)) {
      const char *v = a[9] == '=' ? a + 10 : need_value(argc, argv, &i);
      if (!severity_parse(v, &o->fail_on)) die_usage("--fail-on takes error, warning or note, not '%s'", v);
    } else if (!strcmp(a, "--extra-arg")) {
      args_push(&o->extra, need_value(argc, argv, &i));
    } else if (!strncmp(a, "--extra-arg=", 12)) {
      args_push(&o->extra, a + 12);
    } else if (!strcmp(a, "--print-compile-args")) {
      o->print_args = true;
    } else if (!strcmp(a, "--no-cache")) {
      o->rules.no_cache = true;
    } else if (!strcmp(a, "--cache-dir")) {
      setenv("DRVCHECK_CACHE_DIR", need_value(argc, argv, &i), 1);
    } else if (!strcmp(a, "--dump-cfg")) {
      o->rules.dump_cfg = true;
    } else if (!strcmp(a, "--no-source")) {
      o->show_source = false;
    } else if (!strcmp(a, "--color")) {
      o->color = 1;
    } else if (!strcmp(a, "--no-color")) {
      o->color = 0;
    } else if (a[0] == '-' && a[1]) {
      die_usage("unknown option '%s'", a);
    } else {
      args_push(&o->files, a);
    }
  }
  if (!report_format_known(o->format)) {
    fprintf(stderr, "drvcheck: error: unknown format '%s' (%s)\n", o->format, report_format_list());
    exit(EXIT_TROUBLE);
  }
}

/* ---- atomic output ------------------------------------------------------------------ */

static char tmp_path[4096];

static void on_signal(int sig) {
  if (tmp_path[0]) unlink(tmp_path);
  signal(sig, SIG_DFL);
  raise(sig);
}

static FILE *open_output(const char *path) {
  snprintf(tmp_path, sizeof tmp_path, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp_path);
  if (fd < 0) {
    tmp_path[0] = 0;
    return NULL;
  }
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask); /* a report is an ordinary file, not a private temporary */
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    unlink(tmp_path);
    tmp_path[0] = 0;
  }
  return f;
}

static bool commit_output(FILE *f, const char *path) {
  bool ok = !ferror(f);
  if (fclose(f) != 0) ok = false;
  if (ok && rename(tmp_path, path) != 0) ok = false;
  if (!ok) unlink(tmp_path);
  tmp_path[0] = 0;
  return ok;
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
  return true;
}

static bool is_c_file(const char *f) {
  size_t n = strlen(f);
  return n > 2 && (!strcmp(f + n - 2, ".c") || !strcmp(f + n - 2, ".C"));
}

int main(int argc, char **argv) {
  options o = {0};
  parse_options(argc, argv, &o);
  domains_register_all();

  compdb db = {0};
  if (o.build_dir) {
    char *err = NULL;
    if (!compdb_load(o.build_dir, &db, &err)) {
      fprintf(stderr, "drvcheck: error: %s\n", err);
      free(err);
      return EXIT_TROUBLE;
    }
    if (o.files.n == 0)
      for (int i = 0; i < db.n; i++)
        if (is_c_file(db.v[i].file)) args_push(&o.files, db.v[i].file);
  }
  if (o.files.n == 0) die_usage("%s", o.build_dir ? "compile_commands.json lists no C file" : "no input files");

  FILE *out = stdout;
  if (o.output) {
    out = open_output(o.output);
    if (!out) {
      fprintf(stderr, "drvcheck: error: %s: cannot write the report: %s\n", o.output, strerror(errno));
      return EXIT_TROUBLE;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
  }

  int status = EXIT_CLEAN;
  finding_list all = {0};
  CXIndex idx = clang_createIndex(0, 0);
  for (int i = 0; i < o.files.n; i++) {
    const char *file = o.files.v[i];
    if (!check_readable(file)) {
      status = EXIT_TROUBLE;
      continue;
    }
    arg_list user = {0}, args = {0};
    const compdb_entry *ce = o.build_dir ? compdb_find(&db, file) : NULL;
    if (ce)
      for (int k = 0; k < ce->args.n; k++) args_push(&user, ce->args.v[k]);
    for (int k = 0; k < o.extra.n; k++) args_push(&user, o.extra.v[k]);
    parse_build_args(&user, &args);
    if (o.print_args) {
      for (int k = 0; k < args.n; k++) printf("%s\n", args.v[k]);
      args_free(&user);
      args_free(&args);
      continue;
    }
    char *err = NULL;
    finding_list fl = {0};
    if (analyze_file(idx, file, &args, &o.rules, &fl, &err) != 0) {
      fprintf(stderr, "drvcheck: error: %s\n", err);
      free(err);
      status = EXIT_TROUBLE;
    }
    findings_append(&all, &fl);
    args_free(&user);
    args_free(&args);
  }
  clang_disposeIndex(idx);

  source_cache *src = source_cache_new();
  suppress_findings(src, &all);
  findings_sort_unique(&all);
  report_opts ro = {o.color == 1 || (o.color < 0 && !o.output && isatty(1) && !getenv("NO_COLOR")), o.show_source,
                    &o.rules};
  bool write_ok = report_write(out, o.format, &all, src, &ro);
  if (o.output) {
    if (!commit_output(out, o.output)) write_ok = false;
  } else if (fflush(stdout) != 0) {
    write_ok = false;
  }
  if (!write_ok) {
    fprintf(stderr, "drvcheck: error: %s: could not write the report\n", o.output ? o.output : "<stdout>");
    status = EXIT_TROUBLE;
  }
  if (status == EXIT_CLEAN)
    for (int i = 0; i < all.n; i++)
      if (all.v[i].sev >= o.fail_on) status = EXIT_FINDINGS;
  source_cache_free(src);
  findings_free(&all);
  compdb_free(&db);
  args_free(&o.files);
  args_free(&o.extra);
  return status;
}
