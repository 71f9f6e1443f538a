/* Text report: `path:line:col: severity: message [rule-id]`, the source line, a caret,
 * then the notes in the same shape, like clang and gcc. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void put_clean(FILE *out, const char *s) {
  /* control characters (ANSI escapes included) from the source, paths or messages are
   * shown as '?', never executed by a terminal */
  char *c = report_clean(s, false);
  fputs(c, out);
  free(c);
}

static void put_location(FILE *out, const char *file, int line, int col, const char *sev, const char *color,
                         const char *msg, const char *rule, source_cache *src, const report_opts *o) {
  if (o->color) fputs("\033[1m", out);
  put_clean(out, file);
  fprintf(out, ":%d:%d: ", line, col);
  if (o->color) fprintf(out, "%s", color);
  fprintf(out, "%s:", sev);
  if (o->color) fputs("\033[0m\033[1m", out);
  fputc(' ', out);
  put_clean(out, msg);
  if (rule) fprintf(out, " [%s]", rule);
  if (o->color) fputs("\033[0m", out);
  fputc('\n', out);
  if (!o->show_source) return;
  const char *text = source_line(src, file, line);
  if (!text) return;
  put_clean(out, text);
  fputc('\n', out);
  int n = (int)strlen(text);
  for (int i = 0; i < col - 1 && i < n; i++) fputc(text[i] == '\t' ? '\t' : ' ', out);
  if (o->color) fputs("\033[1;32m", out);
  fputc('^', out);
  if (o->color) fputs("\033[0m", out);
  fputc('\n', out);
}

void report_text(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  for (int i = 0; i < l->n; i++) {
    const finding *f = &l->v[i];
    const char *color = f->sev == SEV_ERROR ? "\033[1;31m" : f->sev == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
    put_location(out, f->file, f->line, f->col, severity_name(f->sev), color, f->msg, f->rule, src, o);
    for (int k = 0; k < f->nnotes; k++)
      put_location(out, f->notes[k].file, f->notes[k].line, f->notes[k].col, "note", "\033[1;36m", f->notes[k].msg,
                   NULL, src, o);
  }
}
