/* Source text access for reports (the line under a caret) and suppression comments:
 * `// NOLINT(rule-id)` on the line, `// NOLINTNEXTLINE(rule-id)` on the line before,
 * `// NOLINTBEGIN(rule-id)` ... `// NOLINTEND(rule-id)` around a region; several ids may
 * be listed, comma separated; no list (or `*`) silences every rule. */
#ifndef DRVCHECK_SOURCE_H
#define DRVCHECK_SOURCE_H
#include <stdbool.h>

#include "findings.h"

typedef struct source_cache source_cache;

/* An empty cache; files are read on first use. */
source_cache *source_cache_new(void);
/* Free the cache and every file text it holds. */
void source_cache_free(source_cache *c);
/* The text of line `line` (1-based) of file, without its newline, or NULL. */
const char *source_line(source_cache *c, const char *file, int line);

/* Drop findings silenced by NOLINT / NOLINTNEXTLINE / NOLINTBEGIN..NOLINTEND comments. */
void suppress_findings(source_cache *c, finding_list *l);

/* What --warn-unused-suppressions checks. */
typedef struct suppress_check {
  const char *const *files; /* files whose comments are checked, besides those with findings */
  int nfiles;
  /* Is the rule (index into rule_table) enabled for findings in file? A suppression of a
   * disabled rule is not "unused". NULL: every rule is. */
  bool (*rule_enabled)(void *ctx, const char *file, int rule);
  void *ctx;
} suppress_check;

/* The rule id of findings about suppression comments. */
#define UNUSED_SUPPRESSION_RULE "unused-suppression"

/* suppress_findings, and then add to l an `unused-suppression` warning at every
 * suppression comment that silenced nothing, names an unknown rule, has an unbalanced
 * parenthesis, or is a NOLINTBEGIN never closed / a NOLINTEND never opened. */
void suppress_findings_checked(source_cache *c, finding_list *l, const suppress_check *chk);
#endif
