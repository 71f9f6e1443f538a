/* mdl-address-null-check: MmGetSystemAddressForMdlSafe and MmMapLockedPagesSpecifyCache
 * return NULL when the mapping fails; the result must be compared with NULL on every path
 * before it is accessed. Reported at the mapping call (for the mingw-w64 macro, its use),
 * the first unchecked access as a related location. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

static const char *callee_name(const event *acq) {
  /* the macro expands to a conditional calling MmMapLockedPagesSpecifyCache */
  return acq->via_macro && !strcmp(acq->callee, "MmMapLockedPagesSpecifyCache") ? "MmGetSystemAddressForMdlSafe"
                                                                               : acq->callee;
}

static void report(rule_ctx *rc, unsigned m, const event *use, const char *how) {
  for (int a = 0; m; a++, m >>= 1) {
    if (!(m & 1)) continue;
    const event *acq = mdl_map_event(rc->fc, a);
    const char *n = mdl_map_name(rc->fc, a);
    char name[300] = "", fix[300] = "store it and compare it with NULL first";
    if (n) {
      snprintf(name, sizeof name, " ('%s')", n);
      snprintf(fix, sizeof fix, "test it (if (%s == NULL) ...) first", n);
    }
    finding *f = rule_report(rc, acq->loc,
                             "result of %s%s may be NULL (the mapping fails when system address space runs short) "
                             "but is %s at line %d without a NULL check; %s",
                             callee_name(acq), name, how, use->loc.line, fix);
    rule_note(rc, f, use->loc, "first access without a NULL check");
  }
}

void mdl_address_null_check_check(rule_ctx *rc, const event *ev) {
  if (ev->kind == EV_ACCESS) {
    unsigned m = mdl_unchecked(rc->fc, rc->blob, ev->ptr, true);
    if (m) report(rc, m, ev, "accessed");
    return;
  }
  if (ev->kind != EV_CALL || ev->callee_fn < 0) return;
  for (int i = 0; i < ev->nargs; i++) {
    if (!user_param_access(rc->fc, ev->callee_fn, i)) continue;
    unsigned m = mdl_unchecked(rc->fc, rc->blob, ev->args[i], false);
    char how[300];
    snprintf(how, sizeof how, "passed to '%s', which accesses it,", ev->callee);
    if (m) report(rc, m, ev, how);
  }
}
