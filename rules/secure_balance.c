/* secure-balance: every MmSecureVirtualMemory[Ex] handle is released exactly once on every
 * path, or escapes. Reports: a discarded result; a handle still held at an exit (at the
 * secure call, the exit as a note); a handle lost by overwriting the only place holding
 * it; a second release; the release of a local that holds no handle. */
#include "rules.h"

static const char *handle_desc(rule_ctx *rc, int a) {
  const char *n = handles_acq_name(rc->fc, a);
  return n ? n : "the handle";
}

static void check_release(rule_ctx *rc, const event *ev) {
  const value *arg = handles_released_arg(rc->fc, ev);
  unsigned acqs, flags;
  if (!arg || !handles_holds(rc->fc, rc->blob, arg, &acqs, &flags)) return;
  const char *what = arg->text ? arg->text : "the handle";
  for (int a = 0; a < handles_acq_count(rc->fc); a++) {
    if (!(acqs >> a & 1) || !(handles_status(rc->fc, rc->blob, a) & H_RELEASED)) continue;
    finding *f = rule_report(rc, ev->loc,
                             "'%s' is released twice: MmUnsecureVirtualMemory was already called for this "
                             "handle on this path; release it once",
                             what);
    int rel = handles_release_call(rc->fc, rc->blob, a);
    if (rel >= 0) rule_note(rc, f, rc->fc->fn->calls[rel]->loc, "first released here");
    return;
  }
  bool no_handle = (flags & (K_EMPTY | K_NULLC)) != 0;
  for (int a = 0; a < handles_acq_count(rc->fc); a++)
    if ((acqs >> a & 1) && (handles_status(rc->fc, rc->blob, a) & (H_NONE | H_NULL))) no_handle = true;
  if (no_handle)
    rule_report(rc, ev->loc,
                "'%s' holds no secured handle on some path reaching this release (never assigned, NULL, or "
                "the secure failed); release only a handle MmSecureVirtualMemory returned",
                what);
}

static void check_overwrite(rule_ctx *rc, const event *ev) {
  unsigned acqs, flags;
  if (!ev->lhs || !handles_holds(rc->fc, rc->blob, ev->lhs, &acqs, &flags)) return;
  if (ev->rhs && ev->rhs->key >= 0 && ev->rhs->key == ev->lhs->key) return;
  unsigned elsewhere = handles_held_elsewhere(rc->fc, rc->blob, ev->lhs->key);
  for (int a = 0; a < handles_acq_count(rc->fc); a++) {
    const event *acq = handles_acq_event(rc->fc, a);
    if (!acq || !(acqs >> a & 1) || (elsewhere >> a & 1)) continue;
    unsigned st = handles_status(rc->fc, rc->blob, a);
    if (!(st & (H_UNCHECKED | H_NONNULL | H_STORED))) continue;
    finding *f = rule_report(rc, acq->loc,
                             "handle from %s is lost: '%s' is overwritten at line %d while it still holds a "
                             "secured range; call MmUnsecureVirtualMemory first",
                             acq->callee, ev->lhs->text ? ev->lhs->text : "the variable", ev->loc.line);
    rule_note(rc, f, ev->loc, "handle overwritten here");
  }
}

static void check_exit(rule_ctx *rc, const event *ev) {
  for (int a = 0; a < handles_acq_count(rc->fc); a++) {
    const event *acq = handles_acq_event(rc->fc, a);
    if (!acq) continue;
    unsigned st = handles_status(rc->fc, rc->blob, a);
    if (!(st & (H_UNCHECKED | H_NONNULL))) continue;
    finding *f = rule_report(rc, acq->loc,
                             "handle from %s ('%s') is not released on the path that leaves the function at "
                             "line %d; call MmUnsecureVirtualMemory before returning",
                             acq->callee, handle_desc(rc, a), ev->loc.line);
    rule_note(rc, f, ev->loc, "'%s' is still secured when the function returns here", handle_desc(rc, a));
  }
}

void secure_balance_check(rule_ctx *rc, const event *ev) {
  if (!handles_active(rc->fc)) return;
  switch (ev->kind) {
  case EV_CALL:
    if (handles_acq_of_call(rc->fc, ev) >= 0 && ev->use == RU_DISCARDED)
      rule_report(rc, ev->loc,
                  "result of %s is discarded: the range stays secured and can never be released; keep the "
                  "handle and pass it to MmUnsecureVirtualMemory",
                  ev->callee);
    else
      check_release(rc, ev);
    break;
  case EV_ASSIGN:
    check_overwrite(rc, ev);
    break;
  case EV_EXIT:
    check_exit(rc, ev);
    break;
  default:
    break;
  }
}
