/* attach-balance: every KeStackAttachProcess (and KeAttachProcess) is detached on every
 * path with the same KAPC_STATE. Reports: an attach still open at an exit (at the attach,
 * the exit as a note); a detach with no attach on some path; a detach of a state that is
 * not attached while another one is; attaching again with a state that is attached. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

static bool implicit(const event *call) {
  return !strcmp(call->callee, "KeAttachProcess") || !strcmp(call->callee, "KeDetachProcess");
}

/* "KeStackAttachProcess(..., &ApcState)", "KeUnstackDetachProcess(&ApcState)", ... */
static const char *spell(rule_ctx *rc, const event *call, bool as_detach, char *buf, size_t size) {
  char st[200];
  attach_state_text(rc->fc, call, st, sizeof st);
  if (implicit(call)) snprintf(buf, size, "%s", as_detach ? "KeDetachProcess()" : "KeAttachProcess(...)");
  else if (as_detach) snprintf(buf, size, "KeUnstackDetachProcess(%s)", st);
  else snprintf(buf, size, "KeStackAttachProcess(..., %s)", st);
  return buf;
}

static void check_exit(rule_ctx *rc, const event *ev) {
  uint64_t open = attach_open_sites(rc->fc, rc->blob);
  for (int i = 0; i < 64; i++) {
    if (!(open >> i & 1)) continue;
    const event *at = attach_site_event(rc->fc, i);
    char a[256], d[256];
    finding *f = rule_report(rc, at->loc,
                             "%s is still attached on the path that leaves the function at line %d; call %s on "
                             "that path before returning",
                             spell(rc, at, false, a, sizeof a), ev->loc.line, spell(rc, at, true, d, sizeof d));
    rule_note(rc, f, ev->loc, "the function returns here while attached to the other process");
  }
}

static void check_reattach(rule_ctx *rc, const event *ev) {
  int prev = attach_reattached(rc->fc, rc->blob, ev);
  if (prev < 0) return;
  const event *at = attach_site_event(rc->fc, prev);
  char a[256], d[256];
  finding *f = rule_report(rc, ev->loc,
                           "%s attaches again while the attach at line %d with the same state may still be "
                           "active; call %s first or use a separate KAPC_STATE",
                           spell(rc, ev, false, a, sizeof a), at->loc.line, spell(rc, at, true, d, sizeof d));
  rule_note(rc, f, at->loc, "still attached from here");
}

static void check_detach(rule_ctx *rc, const event *ev) {
  int other;
  detach_verdict v = attach_check_detach(rc->fc, rc->blob, ev, &other);
  if (v == DV_MATCHED) return;
  char d[256];
  spell(rc, ev, true, d, sizeof d);
  if (v == DV_OTHER_STATE) {
    const event *at = attach_site_event(rc->fc, other);
    char a[256], want[256];
    finding *f = rule_report(rc, ev->loc,
                             "%s detaches a state that is not attached here, while %s at line %d is still "
                             "attached; call %s to undo that attach",
                             d, spell(rc, at, false, a, sizeof a), at->loc.line, spell(rc, at, true, want, sizeof want));
    rule_note(rc, f, at->loc, "attached here with a different state");
    return;
  }
  finding *f = rule_report(rc, ev->loc,
                           "%s may run without a matching attach: the state is not attached on some path "
                           "reaching it; detach only after %s",
                           d, implicit(ev) ? "KeAttachProcess" : "KeStackAttachProcess with the same state");
  uint64_t open = attach_open_sites(rc->fc, rc->blob);
  for (int i = 0; i < 64; i++)
    if (open >> i & 1) rule_note(rc, f, attach_site_event(rc->fc, i)->loc, "attached here on some paths only");
}

void attach_balance_check(rule_ctx *rc, const event *ev) {
  if (ev->kind == EV_EXIT) {
    check_exit(rc, ev);
  } else if (ev->kind == EV_CALL && attach_is_attach(ev->callee)) {
    check_reattach(rc, ev);
  } else if (ev->kind == EV_CALL && attach_is_detach(ev->callee)) {
    check_detach(rc, ev);
  }
}
