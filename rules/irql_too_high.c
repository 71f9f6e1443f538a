/* irql-too-high: a call to a restricted DDI (MmSecureVirtualMemory, ProbeForRead,
 * FltLockUserBuffer, ZwAllocateVirtualMemory, ... and routines annotated
 * _IRQL_requires_max_) where the IRQL may exceed the routine's maximum. The IRQL comes
 * from the irql domain; the message names why it is high (the raise or lock, a helper that
 * returns raised, the calling chain, the function's role) and each cause is a note. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

enum { MAX_STEPS = 8, MSG_STEPS = 4 };

/* What to do about it, given the root cause (the last step). */
static const char *advice(const irql_step *steps, int n, const char *callee) {
  const irql_step *root = n > 0 ? &steps[n - 1] : NULL;
  if (root && root->postop && !strcmp(callee, "FltLockUserBuffer"))
    return "defer the work with FltDoCompletionProcessingWhenSafe and lock the buffer in the safe callback";
  if (root && root->lock) return "release the lock before the call, or move the call out of the locked region";
  if (root && strstr(root->note, "IRQL raised")) return "lower the IRQL before the call";
  return "move the call to code that runs at a lower IRQL (e.g. a work item)";
}

void irql_too_high_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL) return;
  const char *name = NULL;
  int max = irql_restricted_max(rc->fc, ev, &name);
  int lo, hi;
  if (max < 0 || !irql_range(rc->fc, rc->blob, &lo, &hi) || hi <= max) return;
  irql_step steps[MAX_STEPS];
  int n = irql_explain(rc->fc, rc->blob, steps, MAX_STEPS);
  char why[1024] = "";
  size_t len = 0;
  for (int i = 0; i < n && len < sizeof why; i++) {
    if (n > MSG_STEPS && i >= MSG_STEPS - 2 && i < n - 1) { /* long chain: first steps, then the root */
      if (i == MSG_STEPS - 2)
        len += (size_t)snprintf(why + len, sizeof why - len, "; ... (%d more steps, see the notes)", n - MSG_STEPS + 1);
      continue;
    }
    len += (size_t)snprintf(why + len, sizeof why - len, "%s%s", i ? "; " : "", steps[i].text);
  }
  if (!n) snprintf(why, sizeof why, "the IRQL on some path reaching the call");
  char lvl[64];
  if (max == 0) snprintf(lvl, sizeof lvl, "PASSIVE_LEVEL");
  else snprintf(lvl, sizeof lvl, "<= %s", irql_level_name(max));
  finding *f = rule_report(rc, ev->loc, "%s requires IRQL %s but IRQL may be %s here: %s; %s", name, lvl,
                           irql_level_name(hi), why, advice(steps, n, name));
  for (int i = 0; i < n; i++)
    if (steps[i].at.file >= 0 && steps[i].note[0]) rule_note(rc, f, steps[i].at, "%s", steps[i].note);
}
