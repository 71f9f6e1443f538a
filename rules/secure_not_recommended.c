/* secure-not-recommended (off by default): Microsoft recommends that drivers not use
 * MmSecureVirtualMemory and wrap every user access in __try/__except instead. */
#include "rules.h"

void secure_not_recommended_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL || !handles_is_secure(ev->callee)) return;
  rule_report(rc, ev->loc,
              "%s does not make user memory safe to touch (a bad page-file block still raises); Microsoft "
              "recommends wrapping every user access in __try/__except instead",
              ev->callee);
}
