/* Where drvcheck's own data (fallback headers, rule docs) lives: next to an installed
 * binary (<prefix>/bin/drvcheck -> <prefix>/share/drvcheck/...), which makes an install
 * relocatable; otherwise, for a binary run from its build tree, the source tree. */
#include "datadir.h"

#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *data_dir(const char *sub, const char *source_dir, char *buf, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      snprintf(buf, size, "%s/../share/drvcheck/%s", exe, sub);
      if (path_is_dir(buf)) return buf;
    }
  }
  return source_dir;
}
