/* The rule registry, built from rules.def, and the reporting helpers rules use. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

const rule_info rule_table[] = {
#define RULE(c, id, sev, on, summary) {id, sev, on, summary, c##_check},
#include "rules.def"
#undef RULE
};
const int rule_count = (int)(sizeof rule_table / sizeof rule_table[0]);

const rule_info *rule_find(const char *id) {
  for (int i = 0; i < rule_count; i++)
    if (!strcmp(rule_table[i].id, id)) return &rule_table[i];
  return NULL;
}

static const char *file_of(rule_ctx *rc, loc at) {
  const tu_model *tu = rc->fc->tu;
  return at.file >= 0 && at.file < tu->nfiles ? tu->files[at.file] : NULL;
}

finding *rule_report(rule_ctx *rc, loc at, const char *fmt, ...) {
  const tu_model *tu = rc->fc->tu;
  if (at.file < 0 || at.file >= tu->nfiles || tu->file_system[at.file]) return NULL;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return findings_add(rc->out, rc->rule->id, rc->sev, file_of(rc, at), at.line, at.col, rc->fc->fn->name, msg);
}

void rule_note(rule_ctx *rc, finding *f, loc at, const char *fmt, ...) {
  if (!f || at.file < 0) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  finding_add_note(f, file_of(rc, at), at.line, at.col, msg);
}

const char *rule_where(rule_ctx *rc, loc at) {
  static _Thread_local char buf[64];
  (void)rc;
  snprintf(buf, sizeof buf, "line %d", at.line);
  return buf;
}
