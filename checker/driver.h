/* The per-file loop: translation units analysed by a pool of worker threads (one libclang
 * index per thread). Results and messages are kept per input, so the output does not
 * depend on the number of threads: messages are printed in input order, findings are
 * sorted afterwards. */
#ifndef DRVCHECK_DRIVER_H
#define DRVCHECK_DRIVER_H
#include <stdbool.h>

#include "analyze.h"
#include "findings.h"
#include "names.h"
#include "parse.h"

typedef struct job {
  const char *file;
  arg_list args;            /* full compiler arguments */
  const rule_config *rules;
  const names_extra *names; /* the configuration's name tables for this file */
  /* results */
  finding_list findings;
  bool failed;              /* the file could not be analysed (message printed) */
} job;

/* Analyse every job with up to `threads` threads; messages of each job (notes, errors,
 * --dump-cfg) go to stderr in job order; with `progress`, a `[k/n] file` line is kept
 * up to date on stderr. */
void driver_run(job *jobs, int n, int threads, bool progress);
/* The number of processors available, for the default -j. */
int driver_default_threads(void);
#endif
