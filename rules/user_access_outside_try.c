/* user-access-outside-try: every access to a user-mode pointer, and every call to
 * ProbeForRead/ProbeForWrite/MmProbeAndLockPages, must be inside a __try body with an
 * __except handler (or in a same-TU function whose every call site is). Paths on which the
 * requestor was tested to be KernelMode are not reported. In a post-operation callback an
 * FLT_PARAMETERS buffer read on an unsafe path is postop-buffer-unsafe's finding, not
 * this rule's (one bug, one finding). */
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* The user sources of v this rule owns: not those postop-buffer-unsafe reports. */
static uint64_t owned(rule_ctx *rc, const value *v, bool loads) {
  uint64_t user, unsafe;
  if (!user_eval(rc->fc, rc->blob, v, loads, &user, &unsafe)) return 0;
  return user & ~unsafe;
}

/* "'p' points into user memory (Irp->UserBuffer at line 8)" or "user pointer Irp->UserBuffer". */
static const char *subject(rule_ctx *rc, const value *v, bool loads, int id, char *buf, size_t n) {
  const value *h = user_holder(rc->fc, rc->blob, v, loads, false);
  const value *sv = user_source_value(rc->fc, id);
  char src[256];
  if (h == sv || (h->text && sv && sv->text && !strcmp(h->text, sv->text) && h->loc.line == sv->loc.line)) {
    snprintf(buf, n, "user pointer %s", h->text ? h->text : "the buffer");
  } else {
    user_source_desc(rc->fc, id, src, sizeof src);
    snprintf(buf, n, "'%s' points into user memory (%s) and", h->text ? h->text : "the pointer", src);
  }
  return buf;
}

static void note_source(rule_ctx *rc, finding *f, int id) {
  rule_note(rc, f, user_source_loc(rc->fc, id), "the user pointer comes from here");
}

static void check_access(rule_ctx *rc, const event *ev) {
  int id = user_first_source(rc->fc, owned(rc, ev->ptr, true));
  if (id < 0) return;
  char subj[512];
  finding *f = rule_report(rc, ev->loc,
                           "%s is accessed%s%s outside __try/__except; an invalid or changed user address raises "
                           "an exception that crashes the system: wrap the access in __try { } __except "
                           "(EXCEPTION_EXECUTE_HANDLER) { }",
                           subject(rc, ev->ptr, true, id, subj, sizeof subj), ev->via ? " by " : "",
                           ev->via ? ev->via : "");
  note_source(rc, f, id);
}

static void check_helper_call(rule_ctx *rc, const event *ev) {
  for (int i = 0; i < ev->nargs; i++) {
    const loc *acc = user_param_access(rc->fc, ev->callee_fn, i);
    int id = acc ? user_first_source(rc->fc, owned(rc, ev->args[i], false)) : -1;
    if (id < 0) continue;
    char subj[512];
    finding *f = rule_report(rc, ev->loc,
                             "%s is passed to '%s', which accesses it outside __try/__except (line %d); call '%s' "
                             "inside __try/__except, or guard the access in it",
                             subject(rc, ev->args[i], false, id, subj, sizeof subj), ev->callee, acc->line,
                             ev->callee);
    rule_note(rc, f, *acc, "'%s' accesses its parameter here", ev->callee);
    note_source(rc, f, id);
    return;
  }
}

void user_access_outside_try_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_ACCESS && ev->kind != EV_CALL) return;
  if (user_covered(rc->fc, ev) || user_kernel_mode(rc->fc, rc->blob)) return;
  if (ev->kind == EV_CALL && user_is_probe(ev->callee)) {
    rule_report(rc, ev->loc,
                "%s raises an exception when the user range is invalid, but this call is not inside "
                "__try/__except; wrap it, and the accesses it guards, in __try { } __except "
                "(EXCEPTION_EXECUTE_HANDLER) { }",
                ev->callee);
    return;
  }
  if (!user_active(rc->fc)) return;
  if (ev->kind == EV_ACCESS) check_access(rc, ev);
  else if (ev->callee_fn >= 0) check_helper_call(rc, ev);
}
