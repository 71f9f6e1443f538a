/* unsecure-outside-attach: MmUnsecureVirtualMemory must run in the context of the process
 * that secured the range. A call is fine when the handle was secured earlier in the same
 * function on every path, when a KeStackAttachProcess (or KeAttachProcess) is active on
 * every path, or when the function is a same-TU helper whose every call site is attached
 * or in the function that secured the handle. Otherwise it is reported at the unsecure
 * call; the attach or secure it is measured against and the offending call sites are
 * related locations. */
#include <stdio.h>

#include "rules.h"

/* A partial attach or a partial secure reaching the call: named in the message. */
static void explain_local(rule_ctx *rc, const value *h, strbuf *msg, const event **attach, const event **secure) {
  uint64_t open = attach_open_sites(rc->fc, rc->blob);
  for (int i = 0; i < 64 && !*attach; i++)
    if (open >> i & 1) *attach = attach_site_event(rc->fc, i);
  if (!*attach) *attach = attach_site_event(rc->fc, 0); /* an attach on other paths only */
  if (*attach)
    sb_printf(msg, "; the %s at line %d is not active on every path to this call", (*attach)->callee,
              (*attach)->loc.line);
  unsigned acqs, flags;
  if (!handles_holds(rc->fc, rc->blob, h, &acqs, &flags)) return;
  for (int a = 0; a < handles_acq_count(rc->fc) && !*secure; a++)
    if (acqs >> a & 1) *secure = handles_acq_event(rc->fc, a);
  if (*secure)
    sb_printf(msg, "; it holds the handle from %s at line %d only on some paths", (*secure)->callee,
              (*secure)->loc.line);
}

static void explain_callers(rule_ctx *rc, const attach_callers *cs, strbuf *msg) {
  const function *fn = rc->fc->fn;
  if (cs->taken && cs->taken->kind == EV_CALL)
    sb_printf(msg, "; '%s' is passed to %s at line %d and runs in whatever process calls it", fn->name,
              cs->taken->callee, cs->taken->loc.line);
  else if (cs->taken && cs->taken->kind == EV_ASSIGN && cs->taken->lhs && cs->taken->lhs->text)
    sb_printf(msg, "; '%s' is stored in '%s' at line %d and runs in whatever process calls it", fn->name,
              cs->taken->lhs->text, cs->taken->loc.line);
  else if (cs->taken)
    sb_printf(msg, "; the address of '%s' is taken at line %d, so it runs in whatever process calls it", fn->name,
              cs->taken->loc.line);
  else if (fn->role)
    sb_printf(msg, "; '%s' is a %s and runs in whatever process calls it", fn->name, fn->role);
  else if (cs->external)
    sb_printf(msg, "; '%s' is registered in a table and runs in whatever process calls it", fn->name);
  if (cs->nbad)
    sb_printf(msg, "; '%s' is called at line %d outside any attach and not by the function that secured the handle",
              fn->name, cs->bad[0]->loc.line);
}

void unsecure_outside_attach_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL || !handles_is_unsecure(ev->callee) || ev->nargs < 1) return;
  const value *h = ev->args[0];
  if (h->key >= 0 && handles_secured_here(rc->fc, rc->blob, h->key)) return;
  if (attach_context_known(rc->fc, rc->blob)) return;
  attach_callers cs;
  if (attach_callers_ok(rc->fc, ev, &cs)) return;
  const char *what = h->text ? h->text : "the handle";
  strbuf msg = {0};
  sb_printf(&msg,
            "MmUnsecureVirtualMemory may run outside the securing process: '%s' was not secured in this function "
            "and no KeStackAttachProcess is active here",
            what);
  const event *attach = NULL, *secure = NULL;
  explain_local(rc, h, &msg, &attach, &secure);
  explain_callers(rc, &cs, &msg);
  sb_puts(&msg, "; attach to the process that secured it first");
  finding *f = rule_report(rc, ev->loc, "%s", msg.s);
  sb_free(&msg);
  if (attach) rule_note(rc, f, attach->loc, "attached here, but not on every path to the unsecure");
  if (secure) rule_note(rc, f, secure->loc, "secured here, but not on every path to the unsecure");
  if (cs.taken) rule_note(rc, f, cs.taken->loc, "'%s' is handed to other code here", rc->fc->fn->name);
  for (int i = 0; i < cs.nbad; i++)
    rule_note(rc, f, cs.bad[i]->loc, "called here without an active KeStackAttachProcess");
}
