/* GitHub Actions report: one workflow command per finding,
 *   ::warning file=PATH,line=N,col=M,title=drvcheck RULE::MESSAGE
 * which the runner turns into an annotation on the pull request's diff. Paths are
 * relative to the working directory (the checkout); notes follow the message on their
 * own lines. Values are escaped as the runner expects (%, CR, LF; and ':' ',' in
 * properties) after control characters were replaced. */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char *command(severity s) { return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "notice"; }

/* Write s escaped for a workflow command; property values also escape ':' and ','. */
static void put_escaped(FILE *out, const char *s, bool property) {
  for (; *s; s++) {
    switch (*s) {
    case '%': fputs("%25", out); break;
    case '\r': fputs("%0D", out); break;
    case '\n': fputs("%0A", out); break;
    case ':': property ? fputs("%3A", out) : fputc(':', out); break;
    case ',': property ? fputs("%2C", out) : fputc(',', out); break;
    default: fputc(*s, out);
    }
  }
}

/* Cleaned text appended to b. */
static void sb_clean(strbuf *b, const char *s) {
  char *c = report_clean(s, false);
  sb_puts(b, c);
  free(c);
}

static void put_finding(FILE *out, const finding *f) {
  char *path = report_relative_path(f->file);
  strbuf file = {0}, msg = {0};
  sb_clean(&file, path);
  sb_clean(&msg, f->msg);
  sb_printf(&msg, " [%s]", f->rule);
  for (int k = 0; k < f->nnotes; k++) {
    char *np = report_relative_path(f->notes[k].file);
    sb_puts(&msg, "\nnote: ");
    sb_clean(&msg, np);
    sb_printf(&msg, ":%d:%d: ", f->notes[k].line, f->notes[k].col);
    sb_clean(&msg, f->notes[k].msg);
    free(np);
  }
  fprintf(out, "::%s file=", command(f->sev));
  put_escaped(out, file.s ? file.s : "", true);
  fprintf(out, ",line=%d,col=%d,title=", f->line > 0 ? f->line : 1, f->col > 0 ? f->col : 1);
  char *title = xasprintf("drvcheck %s", f->rule);
  put_escaped(out, title, true);
  fputs("::", out);
  put_escaped(out, msg.s, false);
  fputc('\n', out);
  free(title);
  free(path);
  sb_free(&file);
  sb_free(&msg);
}

bool report_github(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  for (int i = 0; i < l->n; i++) put_finding(out, &l->v[i]);
  return !ferror(out);
}
