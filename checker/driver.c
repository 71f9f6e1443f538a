/* Worker pool (see driver.h). Each worker takes the next job, analyses it with its own
 * CXIndex, the thread's message stream pointing at a per-job buffer and the job's
 * configuration names selected; finished jobs' messages are written in order. */
#include "driver.h"

#include <clang-c/Index.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "reslimits.h"
#include "util.h"

typedef struct pool {
  job *jobs;
  int n;
  int next;      /* next job to hand out */
  int ndone;
  int flushed;   /* jobs whose messages are written */
  bool *done;
  char **msgs;   /* per job: its messages */
  size_t *msglen;
  bool progress;
  bool progress_shown;
  pthread_mutex_t lock;
} pool;

static void run_job(CXIndex idx, job *j, char **msg, size_t *len) {
  FILE *ms = open_memstream(msg, len);
  diag_set_stream(ms ? ms : stderr);
  names_set_extra(j->names);
  char *err = NULL;
  if (analyze_file(idx, j->file, &j->args, j->rules, &j->findings, &err) != 0) {
    fprintf(diag_stream(), "drvcheck: error: %s\n", err);
    j->failed = true;
  }
  free(err);
  names_set_extra(NULL);
  diag_set_stream(NULL);
  if (ms) fclose(ms);
}

static void clear_progress(pool *p) {
  if (p->progress_shown) fputs("\r\033[K", stderr);
  p->progress_shown = false;
}

/* With the lock held: write the messages of every finished job not preceded by an
 * unfinished one, then the progress line. */
static void flush_done(pool *p, int just_done) {
  while (p->flushed < p->n && p->done[p->flushed]) {
    int i = p->flushed++;
    if (p->msgs[i] && p->msglen[i]) {
      clear_progress(p);
      fwrite(p->msgs[i], 1, p->msglen[i], stderr);
    }
    free(p->msgs[i]);
    p->msgs[i] = NULL;
  }
  if (p->progress && just_done >= 0) {
    fprintf(stderr, "\r\033[K[%d/%d] %s", p->ndone, p->n, p->jobs[just_done].file);
    p->progress_shown = true;
  }
  fflush(stderr);
}

static void *worker(void *arg) {
  pool *p = arg;
  CXIndex idx = clang_createIndex(1, 0); /* 1: do not walk declarations that come from a PCH */
  void *guard = limits_guard_thread(); /* a parser stack overflow fails the file, not the run */
  for (;;) {
    pthread_mutex_lock(&p->lock);
    int i = p->next < p->n ? p->next++ : -1;
    pthread_mutex_unlock(&p->lock);
    if (i < 0) break;
    char *msg = NULL;
    size_t len = 0;
    run_job(idx, &p->jobs[i], &msg, &len);
    pthread_mutex_lock(&p->lock);
    p->msgs[i] = msg;
    p->msglen[i] = len;
    p->done[i] = true;
    p->ndone++;
    flush_done(p, i);
    pthread_mutex_unlock(&p->lock);
  }
  clang_disposeIndex(idx);
  limits_guard_thread_end(guard);
  return NULL;
}

int driver_default_threads(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

void driver_run(job *jobs, int n, int threads, bool progress) {
  pool p = {0};
  p.jobs = jobs;
  p.n = n;
  p.done = xcalloc((size_t)n + 1, sizeof(bool));
  p.msgs = xcalloc((size_t)n + 1, sizeof(char *));
  p.msglen = xcalloc((size_t)n + 1, sizeof(size_t));
  p.progress = progress;
  pthread_mutex_init(&p.lock, NULL);
  if (threads > n) threads = n;
  if (threads <= 1) {
    worker(&p);
  } else {
    pthread_t *tids = xcalloc((size_t)threads, sizeof *tids);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)16 << 20); /* lowering and analysis run here */
    int started = 0;
    for (int t = 0; t < threads; t++)
      if (pthread_create(&tids[t], &attr, worker, &p) == 0) started++;
      else break;
    pthread_attr_destroy(&attr);
    if (!started) worker(&p); /* no thread could start: do the work here */
    for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
    free(tids);
  }
  clear_progress(&p);
  fflush(stderr);
  pthread_mutex_destroy(&p.lock);
  free(p.done);
  free(p.msgs);
  free(p.msglen);
}
