/* The rule registry and the context a rule's check function receives. */
#ifndef DRVCHECK_RULES_H
#define DRVCHECK_RULES_H
#include "domains.h"
#include "findings.h"
#include "flow.h"

typedef struct rule_info rule_info;

/* What a rule sees while checking one event of one function. */
typedef struct rule_ctx {
  fn_ctx *fc;
  void *blob;       /* the analysis state before the event (ask the domains) */
  finding_list *out;
  const rule_info *rule;
  severity sev;     /* configured severity */
} rule_ctx;

struct rule_info {
  const char *id;
  severity sev;
  bool on;
  const char *summary;
  void (*check)(rule_ctx *rc, const event *ev);
};

#define RULE(c, id, sev, on, summary) void c##_check(rule_ctx *rc, const event *ev);
#include "rules.def"
#undef RULE

/* All rules, in rules.def order. */
extern const rule_info rule_table[];
extern const int rule_count;
/* The rule with this id, or NULL. */
const rule_info *rule_find(const char *id);

/* Report a finding of the current rule at `at` (dropped if `at` is in a system header).
 * Returns the finding (for notes) or NULL. */
finding *rule_report(rule_ctx *rc, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Add a related location to a finding returned by rule_report (f may be NULL). */
void rule_note(rule_ctx *rc, finding *f, loc at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "line N" of a location, for messages. */
const char *rule_where(rule_ctx *rc, loc at);
#endif
