/* Reports written atomically (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

FILE *outfile_open(const char *path) {
  if (!path) return stdout;
  FILE *out = open_output(path);
  if (!out) {
    fprintf(stderr, "drvcheck: error: %s: cannot write the report: %s\n", path, strerror(errno));
    exit(2);
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  return out;
}

bool outfile_close(FILE *out, const char *path) {
  bool ok = path ? commit_output(out, path) : fflush(stdout) == 0;
  if (!ok) fprintf(stderr, "drvcheck: error: %s: could not write the report\n", path ? path : "<stdout>");
  return ok;
}
