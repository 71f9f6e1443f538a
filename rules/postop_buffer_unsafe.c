/* postop-buffer-unsafe: a minifilter post-operation callback may run at DISPATCH_LEVEL in an
 * arbitrary thread, so it may touch an FLT_PARAMETERS buffer only through the system
 * address of the operation's MDL (MmGetSystemAddressForMdlSafe) or after
 * FLT_IS_SYSTEM_BUFFER / FLT_IS_FASTIO_OPERATION tested true. The user domain marks the
 * buffers read on a path without such a test; any access through them (covered by
 * __try/__except or not: a fault at DISPATCH_LEVEL cannot be handled) is reported here,
 * and not by user-access-outside-try. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* "'info' is the caller's buffer (X at line 6)," or "the caller's buffer X is". */
static const char *subject(rule_ctx *rc, const value *v, bool loads, int id, char *buf, size_t n) {
  const value *h = user_holder(rc->fc, rc->blob, v, loads, true);
  const value *sv = user_source_value(rc->fc, id);
  char src[256];
  if (h == sv || (h->text && sv && sv->text && !strcmp(h->text, sv->text) && h->loc.line == sv->loc.line)) {
    snprintf(buf, n, "the caller's buffer %s is", h->text ? h->text : "");
  } else {
    user_source_desc(rc->fc, id, src, sizeof src);
    snprintf(buf, n, "'%s' is the caller's buffer (%s),", h->text ? h->text : "the pointer", src);
  }
  return buf;
}

static void report(rule_ctx *rc, const event *ev, const value *v, uint64_t unsafe, const loc *helper_acc) {
  int id = user_first_source(rc->fc, unsafe);
  if (id < 0) return;
  char subj[512], how[300] = "accessed";
  if (helper_acc) snprintf(how, sizeof how, "passed to '%s', which accesses it,", ev->callee);
  else if (ev->via) snprintf(how, sizeof how, "accessed by %s", ev->via);
  finding *f = rule_report(rc, ev->loc,
                           "%s %s in post-operation callback '%s', which may run at DISPATCH_LEVEL in an "
                           "arbitrary thread; use the operation's MDL (MmGetSystemAddressForMdlSafe), test "
                           "FLT_IS_SYSTEM_BUFFER(Data) first, or defer the work with "
                           "FltDoCompletionProcessingWhenSafe",
                           subject(rc, v, !helper_acc, id, subj, sizeof subj),
                           how, rc->fc->fn->name);
  if (helper_acc) rule_note(rc, f, *helper_acc, "'%s' accesses its parameter here", ev->callee);
  rule_note(rc, f, user_source_loc(rc->fc, id), "the buffer address is read here");
}

void postop_buffer_unsafe_check(rule_ctx *rc, const event *ev) {
  if (!user_fn_is_postop(rc->fc, rc->fc->fn_index) || !user_active(rc->fc)) return;
  uint64_t user, unsafe;
  if (ev->kind == EV_ACCESS) {
    if (user_eval(rc->fc, rc->blob, ev->ptr, true, &user, &unsafe) && unsafe) report(rc, ev, ev->ptr, unsafe, NULL);
    return;
  }
  if (ev->kind != EV_CALL || ev->callee_fn < 0) return;
  for (int i = 0; i < ev->nargs; i++) {
    const loc *acc = user_param_access(rc->fc, ev->callee_fn, i);
    if (acc && user_eval(rc->fc, rc->blob, ev->args[i], false, &user, &unsafe) && unsafe) {
      report(rc, ev, ev->args[i], unsafe, acc);
      return;
    }
  }
}
