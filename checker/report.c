/* Report format dispatch: the one place that knows every output format. */
#include <string.h>

#include "report.h"

static const char *const formats[] = {"text", "sarif", NULL};

bool report_format_known(const char *name) {
  for (int i = 0; formats[i]; i++)
    if (!strcmp(formats[i], name)) return true;
  return false;
}

const char *report_format_list(void) { return "text or sarif"; }

bool report_write(FILE *out, const char *format, const finding_list *l, source_cache *src, const report_opts *o) {
  if (!strcmp(format, "sarif")) return report_sarif(out, l, src, o);
  report_text(out, l, src, o);
  return !ferror(out);
}
