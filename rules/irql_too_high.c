/* irql-too-high: a call to a restricted DDI (MmSecureVirtualMemory, ProbeForRead,
 * FltLockUserBuffer, ZwAllocateVirtualMemory, ... and routines annotated
 * _IRQL_requires_max_) where the IRQL may exceed the routine's maximum. The IRQL comes
 * from the irql domain; the message names why it is high (the raise or lock, a helper that
 * returns raised, the calling chain, the function's role) and each cause is a note. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

enum { NOTE_STEPS = 8, MSG_STEPS = 3 };

/* What to do about it, given the root cause (the last step). */
static const char *advice(const irql_step *steps, int n, const char *callee) {
  const irql_step *root = n > 0 ? &steps[n - 1] : NULL;
  if (root && root->postop && !strcmp(callee, "FltLockUserBuffer"))
    return "defer the work with FltDoCompletionProcessingWhenSafe and lock the buffer in the safe callback";
  if (root && root->postop)
    return "defer the work with FltDoCompletionProcessingWhenSafe, whose safe callback runs at IRQL <= APC_LEVEL";
  if (root && root->lock) return "release the lock before the call, or move the call out of the locked region";
  if (root && root->raise) return "lower the IRQL before the call";
  return "move the call to code that runs at a lower IRQL (e.g. a work item)";
}

/* The message's explanation: every step of a short chain; for a long one the first two
 * steps, the number left out, and the root. */
static void describe(const irql_step *steps, int n, int total, char *why, size_t size) {
  size_t len = 0;
  why[0] = 0;
  if (!n) {
    snprintf(why, size, "the IRQL on some path reaching the call");
    return;
  }
  for (int i = 0; i < n && len < size; i++) {
    bool shown = total <= MSG_STEPS || i < MSG_STEPS - 1 || i == n - 1;
    if (shown) len += (size_t)snprintf(why + len, size - len, "%s%s", i ? "; " : "", steps[i].text);
    else if (i == MSG_STEPS - 1)
      len += (size_t)snprintf(why + len, size - len, "; ... (%d more steps)", total - MSG_STEPS);
  }
}

void irql_too_high_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL) return;
  const char *name = NULL;
  int max = irql_restricted_max(rc->fc, ev, &name);
  int lo, hi;
  if (max < 0 || !irql_range(rc->fc, rc->blob, &lo, &hi) || hi <= max) return;
  irql_step steps[NOTE_STEPS];
  int total, n = irql_explain(rc->fc, rc->blob, steps, NOTE_STEPS, &total);
  char why[1024], lvl[64];
  describe(steps, n, total, why, sizeof why);
  if (max == 0) snprintf(lvl, sizeof lvl, "PASSIVE_LEVEL");
  else snprintf(lvl, sizeof lvl, "<= %s", irql_level_name(max));
  finding *f = rule_report(rc, ev->loc, "%s requires IRQL %s but IRQL may be %s here: %s; %s", name, lvl,
                           irql_level_name(hi), why, advice(steps, n, name));
  /* notes: the nearest causes, then the root (kept in the last slot of a long chain) */
  for (int i = 0; i < n; i++)
    if (steps[i].at.file >= 0 && steps[i].note[0]) rule_note(rc, f, steps[i].at, "%s", steps[i].note);
}
