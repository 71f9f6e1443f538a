/* Resource limits and the parser crash guard (see reslimits.h). */
#include "reslimits.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"

static long long max_file_size = LIMITS_DEFAULT_MAX_FILE_SIZE;
static double timeout_secs;                 /* 0: none */
static _Thread_local double deadline;      /* CLOCK_MONOTONIC seconds; 0: none */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool limits_parse_size(const char *s, long long *out) {
  char *end;
  errno = 0;
  long long n = strtoll(s, &end, 10);
  if (end == s || n < 0 || errno) return false;
  long long mul = 1;
  if (*end == 'K' || *end == 'k') mul = 1024, end++;
  else if (*end == 'M' || *end == 'm') mul = 1024 * 1024, end++;
  else if (*end == 'G' || *end == 'g') mul = 1024LL * 1024 * 1024, end++;
  if (*end || n > (1LL << 50) / mul) return false;
  *out = n * mul;
  return true;
}

bool limits_parse_seconds(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end || errno || !isfinite(v) || v <= 0 || v > 1e7) return false;
  *out = v;
  return true;
}

void limits_set_max_file_size(long long bytes) { max_file_size = bytes; }
void limits_set_timeout(double seconds) { timeout_secs = seconds; }
double limits_timeout(void) { return timeout_secs; }

/* Offset of the first NUL byte in the first 64 KiB of f, or -1. */
static long first_nul(FILE *f) {
  static const size_t window = 64 * 1024;
  char *buf = malloc(window);
  if (!buf) return -1;
  size_t n = fread(buf, 1, window, f);
  long at = -1;
  for (size_t i = 0; i < n && at < 0; i++)
    if (!buf[i]) at = (long)i;
  free(buf);
  return at;
}

bool limits_check_input(const char *file) {
  struct stat st;
  if (stat(file, &st) != 0) return true; /* the caller reports unreadable files */
  if (S_ISREG(st.st_mode) && max_file_size > 0 && (long long)st.st_size > max_file_size) {
    fprintf(stderr, "drvcheck: error: %s: not analysed: %lld bytes is more than the limit of %lld (--max-file-size)\n",
            file, (long long)st.st_size, max_file_size);
    return false;
  }
  FILE *f = fopen(file, "rb");
  if (!f) return true;
  long at = first_nul(f);
  fclose(f);
  if (at >= 0) {
    fprintf(stderr, "drvcheck: error: %s: not analysed: binary data (a NUL byte at offset %ld), not a C source\n", file,
            at);
    return false;
  }
  return true;
}

void limits_begin_file(void) { deadline = timeout_secs > 0 ? now() + timeout_secs : 0; }

bool limits_expired(void) { return deadline > 0 && now() > deadline; }

bool limits_function_too_large(const function *fn, int *nblocks, int *nevents) {
  long ev = 0;
  for (int b = 0; b < fn->nblocks; b++) ev += fn->blocks[b].nev;
  *nblocks = fn->nblocks;
  *nevents = ev > 0x7fffffff ? 0x7fffffff : (int)ev;
  return fn->nblocks > LIMITS_MAX_BLOCKS || ev > LIMITS_MAX_EVENTS;
}

void limits_note_large(const char *file, const function *fn) {
  int nb, ne;
  limits_function_too_large(fn, &nb, &ne);
  fprintf(diag_stream(), "drvcheck: note: %s: function %s is too large to analyse precisely (%d blocks, %d events)\n",
          file, fn->name ? fn->name : "?", nb, ne);
}

bool *limits_large_functions(const tu_model *tu, const char *file) {
  bool *large = calloc((size_t)tu->nfns + 1, sizeof(bool));
  if (!large) abort();
  for (int i = 0; i < tu->nfns; i++) {
    int nb, ne;
    large[i] = limits_function_too_large(&tu->fns[i], &nb, &ne);
    if (large[i] && tu->fns[i].reportable) limits_note_large(file, &tu->fns[i]);
  }
  return large;
}

void limits_drop_findings(finding_list *l, int from) {
  for (int i = from; i < l->n; i++) finding_free(&l->v[i]);
  if (from < l->n) l->n = from;
}

/* ---- crash guard ----------------------------------------------------------------------- */

enum { ALT_STACK_SIZE = 256 * 1024 };

void limits_guard_init(void) { setenv("LIBCLANG_NOTHREADS", "1", 0); }

/* Add SA_ONSTACK to the handlers libclang installed for crashes (idempotent). */
static void handlers_on_alt_stack(void) {
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction sa;
    if (sigaction(sigs[i], NULL, &sa) != 0 || sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
    if (sa.sa_flags & SA_ONSTACK) continue;
    sa.sa_flags |= SA_ONSTACK;
    sigaction(sigs[i], &sa, NULL);
  }
  pthread_mutex_unlock(&lock);
}

void *limits_guard_thread(void) {
  handlers_on_alt_stack();
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) return NULL; /* has one already */
  stack_t ss = {0};
  ss.ss_sp = malloc(ALT_STACK_SIZE);
  if (!ss.ss_sp) return NULL;
  ss.ss_size = ALT_STACK_SIZE;
  if (sigaltstack(&ss, NULL) != 0) {
    free(ss.ss_sp);
    return NULL;
  }
  return ss.ss_sp;
}

void limits_guard_thread_end(void *token) {
  if (!token) return;
  stack_t ss = {0};
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  free(token);
}
