/* Resource limits of a run: the largest source file accepted (--max-file-size), the time
 * allowed per file (--timeout, a deadline per analysing thread, checked between
 * functions and inside the fixpoint loop), and the size beyond which a function is not
 * analysed (its blocks and events), so that one pathological function cannot exhaust
 * time or memory; and the crash guard that lets libclang survive its parser's stack
 * overflows. */
#ifndef DRVCHECK_RESLIMITS_H
#define DRVCHECK_RESLIMITS_H
#include <stdbool.h>

#include "findings.h"
#include "ir.h"

enum {
  LIMITS_MAX_BLOCKS = 20000,  /* blocks of one function's CFG */
  LIMITS_MAX_EVENTS = 200000, /* events of one function */
};
#define LIMITS_DEFAULT_MAX_FILE_SIZE (20LL * 1024 * 1024)

/* Parse a --max-file-size value (bytes, or with a K, M or G suffix); false if invalid. */
bool limits_parse_size(const char *s, long long *out);
/* Parse a --timeout value (seconds, > 0, fractions allowed); false if invalid. */
bool limits_parse_seconds(const char *s, double *out);
/* Set the limits (0: no limit). Call before any thread starts. */
void limits_set_max_file_size(long long bytes);
void limits_set_timeout(double seconds);
double limits_timeout(void);

/* Is file acceptable as an input: not larger than the limit and not binary (a NUL byte
 * in its first 64 KiB)? If not, prints `drvcheck: error: FILE: ...` on stderr and
 * returns false. */
bool limits_check_input(const char *file);

/* Start the clock of this thread's current file (no-op without --timeout). */
void limits_begin_file(void);
/* True once this thread's current file is past its deadline. */
bool limits_expired(void);

/* True if fn is too large to analyse (more blocks or events than the caps); *nblocks
 * and *nevents receive its size. */
bool limits_function_too_large(const function *fn, int *nblocks, int *nevents);

/* The functions of tu too large to analyse: a malloc'd flag per function; a note naming
 * each reportable one is written to the thread's message stream. */
bool *limits_large_functions(const tu_model *tu, const char *file);
/* Note (message stream) that fn of file was too large to analyse precisely. */
void limits_note_large(const char *file, const function *fn);
/* Drop the findings of l from index `from` on (a file that is reported as not analysed). */
void limits_drop_findings(finding_list *l, int from);

/* Crash guard: clang overflows its stack on some inputs (an expression of 100,000
 * operators, 10,000 nested `if`s). libclang recovers from crashes in its parser
 * (CrashRecoveryContext) but its signal handler cannot run on an exhausted stack. With
 * the guard, the parser runs on the calling thread (LIBCLANG_NOTHREADS), each analysing
 * thread has an alternate signal stack and libclang's handlers are made to use it, so
 * such a file ends as "libclang could not parse the file" and the run goes on.
 * limits_guard_init: once, before any thread starts. */
void limits_guard_init(void);
/* In each analysing thread, after its clang_createIndex (which installs libclang's
 * handlers): give the thread an alternate signal stack; returns a token for
 * limits_guard_thread_end. */
void *limits_guard_thread(void);
/* At the end of that thread: remove and free its alternate signal stack. */
void limits_guard_thread_end(void *token);
#endif
