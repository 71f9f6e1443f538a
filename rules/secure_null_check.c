/* secure-null-check: a failed secure returns NULL; the result must be compared with NULL
 * on every path before the handle is released or the secured range is accessed. */
#include "rules.h"

static void report(rule_ctx *rc, int a, const event *use, const char *what) {
  const event *acq = handles_acq_event(rc->fc, a);
  if (!acq) return;
  const char *n = handles_acq_name(rc->fc, a);
  finding *f = rule_report(rc, acq->loc,
                           "result of %s%s%s%s may be NULL but is %s at line %d without a NULL check; test it "
                           "(if (%s == NULL) ...) first",
                           acq->callee, n ? " ('" : "", n ? n : "", n ? "')" : "", what, use->loc.line,
                           n ? n : "the handle");
  rule_note(rc, f, use->loc, "first use without a NULL check");
}

void secure_null_check_check(rule_ctx *rc, const event *ev) {
  int na = handles_acq_count(rc->fc);
  if (!na) return;
  if (ev->kind == EV_CALL) {
    const value *arg = handles_released_arg(rc->fc, ev);
    unsigned acqs, flags;
    if (!arg || !handles_holds(rc->fc, rc->blob, arg, &acqs, &flags)) return;
    for (int a = 0; a < na; a++)
      if ((acqs >> a & 1) && (handles_status(rc->fc, rc->blob, a) & H_UNCHECKED)) report(rc, a, ev, "released");
  } else if (ev->kind == EV_ACCESS) {
    const value *base = value_pointer_base(ev->ptr);
    if (!base || base->key < 0) return;
    for (int a = 0; a < na; a++)
      if (handles_acq_range_key(rc->fc, a) == base->key && (handles_status(rc->fc, rc->blob, a) & H_UNCHECKED))
        report(rc, a, ev, "relied on (the secured range is accessed)");
  }
}
