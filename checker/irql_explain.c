/* Explanations of a high IRQL (see irql.h): from the state's cause back through helper
 * summaries, call sites and roles, each step a phrase for irql-too-high's message and a
 * note for its related location. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irql.h"

static void step_role(const irql_tu *td, int f, irql_step *s) {
  const function *fn = &td->tu->fns[f];
  const irql_role *r = &td->role[f];
  s->at = r->at;
  s->postop = r->postop;
  switch (r->kind) {
  case RK_ROLE:
    snprintf(s->text, sizeof s->text, "%s is %s (declared as %s)", fn->name, r->what, r->via);
    snprintf(s->note, sizeof s->note, "%s is declared as %s, %s", fn->name, r->via, r->what);
    break;
  case RK_ANNOT:
    snprintf(s->text, sizeof s->text, "%s is annotated %s", fn->name, r->via);
    snprintf(s->note, sizeof s->note, "%s is annotated %s", fn->name, r->via);
    break;
  case RK_REG:
    snprintf(s->text, sizeof s->text, "%s is %s (registered with %s at line %d)", fn->name, r->what, r->via,
             r->at.line);
    snprintf(s->note, sizeof s->note, "%s registered as %s here", fn->name, r->what);
    break;
  case RK_SAFE:
    snprintf(s->text, sizeof s->text, "%s is %s (passed to %s at line %d) and runs at IRQL <= APC_LEVEL", fn->name,
             r->what, r->via, r->at.line);
    snprintf(s->note, sizeof s->note, "%s passed as SafePostCallback here", fn->name);
    break;
  case RK_TABLE:
    snprintf(s->text, sizeof s->text, "%s is %s (registered in the FLT_OPERATION_REGISTRATION table %s at line %d)",
             fn->name, r->what, r->via, r->at.line);
    snprintf(s->note, sizeof s->note, "%s registered as %s here", fn->name, r->what);
    break;
  case RK_RETTYPE:
    snprintf(s->text, sizeof s->text, "%s is %s (it returns %s)", fn->name, r->what, r->via);
    snprintf(s->note, sizeof s->note, "%s is %s", fn->name, r->what);
    break;
  default:
    break;
  }
}

/* A raise or lock acquisition made by call e, to level lv. */
static void step_raise(const event *e, const irql_routine *r, int lv, irql_step *s) {
  const char *name = irql_call_spelling(e);
  s->at = e->loc;
  s->lock = r->what != NULL;
  s->raise = r->what == NULL;
  if (r->what) {
    snprintf(s->text, sizeof s->text, "%s acquired by %s at line %d", r->what, name, e->loc.line);
    snprintf(s->note, sizeof s->note, "%s acquired here (IRQL raised to %s)", r->what, irql_level_name(lv));
  } else {
    snprintf(s->text, sizeof s->text, "IRQL raised to %s by %s at line %d", irql_level_name(lv), name, e->loc.line);
    snprintf(s->note, sizeof s->note, "IRQL raised to %s here", irql_level_name(lv));
  }
}

/* One step back from (f, cause); returns false at the end of the chain. */
static bool step_back(const irql_tu *td, int *f, int *cause, irql_step *s) {
  const tu_model *tu = td->tu;
  const function *fn = &tu->fns[*f];
  if (*cause >= 0 && *cause < fn->ncalls) {
    const event *e = fn->calls[*cause];
    const irql_routine *r = irql_routine_of(e->callee);
    if (r && r->eff == EF_RAISE) {
      step_raise(e, r, irql_raise_level(r, e), s);
      return false;
    }
    int lv = irql_annotated_raise(td, e);
    s->at = e->loc;
    if (lv >= 0) {
      snprintf(s->text, sizeof s->text, "%s at line %d raises the IRQL to %s (_IRQL_raises_)", e->callee, e->loc.line,
               irql_level_name(lv));
      snprintf(s->note, sizeof s->note, "IRQL raised here");
      s->raise = true;
      return false;
    }
    if (e->callee_fn < 0 || !td->sum[e->callee_fn].valid) return false;
    const irql_sum *sm = &td->sum[e->callee_fn];
    snprintf(s->text, sizeof s->text, "%s, called at line %d, returns with the IRQL raised to %s", e->callee,
             e->loc.line, irql_level_name(sm->set.hi));
    snprintf(s->note, sizeof s->note, "%s returns at %s", e->callee, irql_level_name(sm->set.hi));
    *f = e->callee_fn;
    *cause = sm->cause;
    return *cause >= 0;
  }
  if (td->role[*f].kind != RK_NONE) {
    step_role(td, *f, s);
    return false;
  }
  caller_ref best;
  irql_entry(td, *f, &best);
  if (best.fn < 0) return false;
  const irql_site *site = &td->site[best.fn][best.call];
  const event *call = tu->fns[best.fn].calls[best.call];
  s->at = call->loc;
  snprintf(s->text, sizeof s->text, "%s is called at %s from %s at line %d", fn->name, irql_level_name(site->iv.hi),
           tu->fns[best.fn].name, call->loc.line);
  snprintf(s->note, sizeof s->note, "%s called here at %s", fn->name, irql_level_name(site->iv.hi));
  *f = best.fn;
  *cause = site->cause;
  return true;
}

int irql_model_explain(const irql_tu *td, int f, int cause, irql_step *out, int max, int *total) {
  int n = 0, steps = 0, limit = 4 * td->tu->nfns + 16;
  bool *seen = xcalloc((size_t)td->tu->nfns + 1, 1);
  irql_step cur;
  for (bool more = max > 0; more && steps < limit;) {
    if (cause < 0) { /* entering a function's entry: stop on a cycle of callers */
      if (seen[f]) break;
      seen[f] = true;
    }
    memset(&cur, 0, sizeof cur);
    cur.at.file = -1;
    more = step_back(td, &f, &cause, &cur);
    if (!cur.text[0]) continue;
    steps++;
    out[n < max ? n : max - 1] = cur; /* when full, the last slot ends with the root */
    if (n < max) n++;
  }
  free(seen);
  if (total) *total = steps;
  return n;
}
