/* libFuzzer target: runs the whole pipeline (parse, lower, every domain and rule, every
 * output format) on the input as a C source file. Kernel headers come from a precompiled
 * prefix built once at start-up, so each input parses in milliseconds. As in drvcheck,
 * clang's parser runs on this thread with an alternate signal stack, so libclang recovers
 * from its own stack overflows (run.sh passes -handle_segv=0 so that libclang's handler,
 * not libFuzzer's, sees them; a crash in drvcheck's code still reaches ASan). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "domains.h"
#include "pch.h"
#include "report.h"
#include "reslimits.h"
#include "rules.h"
#include "source.h"

static CXIndex idx;
static arg_list args;
static rule_config cfg;
static char dir[] = "/tmp/drvcheck-fuzz-XXXXXX";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  domains_register_all();
  limits_guard_init(); /* as drvcheck does: a stack overflow in clang's parser fails the file */
  idx = clang_createIndex(1, 0);
  limits_guard_thread();
  if (!mkdtemp(dir)) abort();
  char cache[sizeof dir + 16];
  snprintf(cache, sizeof cache, "%s/cache", dir);
  setenv("DRVCHECK_CACHE_DIR", cache, 1);
  arg_list user = {0};
  parse_build_args(&user, &args);
  rule_config_defaults(&cfg);
  for (int i = 0; i < rule_count; i++) cfg.enabled[i] = true;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[sizeof dir + 16];
  snprintf(path, sizeof path, "%s/input.c", dir);
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  finding_list fl = {0};
  char *err = NULL;
  analyze_file(idx, path, &args, &cfg, &fl, &err);
  free(err);
  source_cache *src = source_cache_new();
  suppress_findings(src, &fl);
  findings_sort_unique(&fl);
  report_opts ro = {false, true, &cfg};
  FILE *out = fopen("/dev/null", "w");
  static const char *const formats[] = {"text", "sarif", "json", "github", "codequality", "html"};
  for (size_t i = 0; out && i < sizeof formats / sizeof formats[0]; i++)
    if (report_format_known(formats[i])) report_write(out, formats[i], &fl, src, &ro);
  if (out) fclose(out);
  source_cache_free(src);
  findings_free(&fl);
  return 0;
}
