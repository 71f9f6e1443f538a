/* Domain "irql": the interval of IRQLs a program point may run at.
 *
 * The state splits the current IRQL into three parts, each an interval: paths still at the
 * IRQL the function was entered at ("entry", so a helper that leaves the IRQL alone gets
 * the summary "same" instead of the union of its callers' IRQLs), paths at a level the
 * function set itself ("set"), and paths that lowered to a level saved by a caller
 * ("restored": a release helper). It also keeps the level before the most recent raise,
 * the level saved in each variable or lock handle that receives an old IRQL (KeRaiseIrql's
 * OldIrql, a KLOCK_QUEUE_HANDLE, a fast mutex, ...) so the matching lower or release
 * restores it, and the local mirroring KeGetCurrentIrql() for branch narrowing.
 *
 * Entry: the function's role or annotations, else the union of the IRQLs at its call sites
 * in the TU (recorded by `visit` in the engine's top-down pre-pass), else PASSIVE_LEVEL.
 * Exit: a summary relative to entry, applied at calls of same-TU functions. */
#include <stdlib.h>
#include <string.h>

#include "irql.h"

enum { MAXK = 16 };
enum { C_ENT, C_SET, C_RST, NCOMP };
enum { S_SAVED = 1, S_OTHER = 2 };

/* An IRQL with its parts and the call index that set its high bound (-1: the entry). */
typedef struct lvl {
  irql_iv c[NCOMP];
  int32_t cause;
} lvl;

typedef struct slot {
  lvl v;
  uint8_t st;
} slot;

typedef struct ist {
  lvl cur, pre;
  int32_t mirror; /* key of a local holding KeGetCurrentIrql(), or -1 */
  slot s[];
} ist;

typedef struct fn_data {
  int nk;
  int keys[MAXK];
  int run;
  bool precise;
  int stash_call; /* a call whose result is the old IRQL, and the IRQL before it */
  lvl stash;
  irql_iv entry_pre; /* what an untracked release lowers to, per the call sites (or none) */
} fn_data;

static int dom_index = -1;
int irql_domain_index(void) { return dom_index; }

static fn_data *FD(const fn_ctx *fc) { return fc->dom_data[dom_index]; }
static irql_tu *TD(const fn_ctx *fc) { return fc->tu_data[dom_index]; }

/* ---- levels -------------------------------------------------------------------------- */

static lvl lvl_none(void) { return (lvl){{iv_none(), iv_none(), iv_none()}, -1}; }
static irql_iv lvl_iv(const lvl *l) { return iv_join(iv_join(l->c[C_ENT], l->c[C_SET]), l->c[C_RST]); }
static bool lvl_empty(const lvl *l) { return iv_empty(lvl_iv(l)); }
static int lvl_hi(const lvl *l) { return lvl_empty(l) ? -1 : lvl_iv(l).hi; }

/* d := d JOIN s; the cause of the higher bound wins (the lower call index on a tie). */
static bool lvl_join(lvl *d, const lvl *s) {
  lvl old = *d;
  int dh = lvl_hi(d), sh = lvl_hi(s);
  if (sh > dh || (sh == dh && sh >= 0 && s->cause < d->cause)) d->cause = s->cause;
  for (int i = 0; i < NCOMP; i++) d->c[i] = iv_join(d->c[i], s->c[i]);
  for (int i = 0; i < NCOMP; i++)
    if (!iv_eq(old.c[i], d->c[i])) return true;
  return old.cause != d->cause;
}

/* ---- set-up ------------------------------------------------------------------------- */

static int key_slot(const fn_data *fd, int key) {
  if (key < 0) return -1;
  for (int i = 0; i < fd->nk; i++)
    if (fd->keys[i] == key) return i;
  return -1;
}
static bool add_key(fn_data *fd, int key) {
  if (key < 0 || key_slot(fd, key) >= 0 || fd->nk == MAXK) return false;
  fd->keys[fd->nk++] = key;
  return true;
}

/* The storage an argument names: `&h` -> h, `old` -> old, `ctx->Mutex` -> ctx->Mutex. */
static int arg_key(const event *e, int i) {
  if (i < 0 || i >= e->nargs) return -1;
  const value *a = e->args[i];
  if (a->kind == VK_ADDROF && a->base) return a->base->key;
  return a->key;
}

/* True if the call's result is the IRQL before the call. */
static bool saves_in_result(const irql_tu *td, const event *e) {
  const irql_routine *r = irql_routine_of(e->callee);
  if (r) return r->eff == EF_RAISE && r->arg < 0;
  return irql_annotated_raise(td, e) >= 0;
}

static bool find_keys(const fn_ctx *fc, fn_data *fd, bool copies) {
  const function *fn = fc->fn;
  bool changed = false;
  for (int b = 0; b < fn->nblocks; b++)
    for (int i = 0; i < fn->blocks[b].nev; i++) {
      const event *e = fn->blocks[b].ev[i];
      if (e->kind == EV_CALL) {
        const irql_routine *r = irql_routine_of(e->callee);
        if (r && r->arg >= 0) changed |= add_key(fd, arg_key(e, r->arg));
      } else if (e->kind == EV_ASSIGN && e->lhs && e->rhs) {
        const event *c = value_call_event(fn, e->rhs);
        if (c && saves_in_result(TD(fc), c)) changed |= add_key(fd, e->lhs->key);
        if (!copies) continue;
        if (key_slot(fd, e->rhs->key) >= 0) changed |= add_key(fd, e->lhs->key);
        if (key_slot(fd, e->lhs->key) >= 0) changed |= add_key(fd, e->rhs->key);
      }
    }
  return changed;
}

static size_t i_setup(fn_ctx *fc) {
  fn_data *fd = xcalloc(1, sizeof *fd);
  fc->dom_data[dom_index] = fd;
  fd->run = ++TD(fc)->run;
  fd->stash_call = -1;
  find_keys(fc, fd, false);
  for (int it = 0; it < 4 && fd->nk && find_keys(fc, fd, true); it++) {
  }
  return sizeof(ist) + sizeof(slot) * (size_t)fd->nk;
}

/* Call sites the final pass did not reach: unreachable calls, or every call of a function
 * too large to analyse precisely (then assumed to run at up to DISPATCH_LEVEL). */
static void i_teardown(fn_ctx *fc) {
  fn_data *fd = FD(fc);
  if (!fd) return;
  irql_tu *td = TD(fc);
  irql_site *sites = td->site[fc->fn_index];
  irql_iv e = irql_entry(td, fc->fn_index, NULL);
  for (int i = 0; i < fc->fn->ncalls; i++) {
    if (sites[i].run == fd->run) continue;
    sites[i].run = fd->run;
    sites[i].cause = -1;
    sites[i].iv = fd->precise ? iv_none() : iv_make(e.lo, e.hi > IRQL_DISPATCH ? e.hi : IRQL_DISPATCH);
    sites[i].pre = fd->precise ? iv_none() : iv_make(IRQL_PASSIVE, sites[i].iv.hi);
  }
  free(fd);
  fc->dom_data[dom_index] = NULL;
}

static void i_init(fn_ctx *fc, void *st) {
  fn_data *fd = FD(fc);
  ist *s = st;
  s->cur = lvl_none();
  s->cur.c[C_ENT] = irql_entry(TD(fc), fc->fn_index, NULL);
  fd->entry_pre = irql_entry_pre(TD(fc), fc->fn_index);
  s->pre = lvl_none();
  s->mirror = -1;
  for (int k = 0; k < fd->nk; k++) s->s[k] = (slot){lvl_none(), S_OTHER};
}

static lvl untracked_restore(const fn_data *fd, const ist *s);

/* Join the levels before the latest raise; a side that did not raise contributes what an
 * untracked release would lower to there. */
static bool join_pre(const fn_data *fd, ist *d, const ist *s) {
  bool ch = false;
  if (lvl_empty(&d->pre) && !lvl_empty(&s->pre) && !lvl_empty(&d->cur)) {
    d->pre = untracked_restore(fd, d);
    ch = true;
  }
  if (lvl_empty(&s->pre) && !lvl_empty(&d->pre) && !lvl_empty(&s->cur)) {
    lvl back = untracked_restore(fd, s);
    return lvl_join(&d->pre, &back) | ch;
  }
  return lvl_join(&d->pre, &s->pre) | ch;
}

static bool i_join(fn_ctx *fc, void *dst, const void *src) {
  fn_data *fd = FD(fc);
  ist *d = dst;
  const ist *s = src;
  bool ch = join_pre(fd, d, s);
  ch |= lvl_join(&d->cur, &s->cur);
  if (d->mirror != s->mirror && d->mirror != -1) {
    d->mirror = -1;
    ch = true;
  }
  for (int k = 0; k < fd->nk; k++) {
    ch |= lvl_join(&d->s[k].v, &s->s[k].v);
    uint8_t n = d->s[k].st | s->s[k].st;
    ch |= n != d->s[k].st;
    d->s[k].st = n;
  }
  return ch;
}

/* ---- transfer ------------------------------------------------------------------------ */

/* Raise to [xlo, xhi] (never lowers): the old IRQL becomes `pre`. */
static void raise_to(ist *s, int xlo, int xhi, int call) {
  irql_iv u = lvl_iv(&s->cur);
  s->pre = s->cur;
  s->mirror = -1;
  if (iv_empty(u)) return;
  lvl n = lvl_none();
  n.c[C_SET] = iv_make(u.lo > xlo ? u.lo : xlo, u.hi > xhi ? u.hi : xhi);
  n.cause = xhi > u.hi ? (int32_t)call : s->cur.cause;
  s->cur = n;
}

/* The IRQL a release lowers to when the saved value is not known here: the level before
 * this function's latest raise, or else one its caller saved (the callers' levels before
 * their latest raise, or at most the current level). */
static lvl untracked_restore(const fn_data *fd, const ist *s) {
  if (!lvl_empty(&s->pre)) return s->pre;
  lvl r = lvl_none();
  irql_iv u = lvl_iv(&s->cur);
  if (!iv_empty(u)) r.c[C_RST] = !iv_empty(fd->entry_pre) ? fd->entry_pre : iv_make(IRQL_PASSIVE, u.hi);
  r.cause = s->cur.cause;
  return r;
}

static void restore_from(fn_data *fd, ist *s, const value *arg, int key, int call) {
  int k = key_slot(fd, key);
  lvl r = lvl_none();
  if (arg && arg->is_const && arg->ival >= 0 && arg->ival <= IRQL_TOP) { /* KeLowerIrql(PASSIVE_LEVEL) */
    r.c[C_SET] = iv_make((int)arg->ival, (int)arg->ival);
    r.cause = (int32_t)call;
    s->cur = r;
    s->pre = lvl_none();
    s->mirror = -1;
    return;
  }
  if (k >= 0 && (s->s[k].st & S_SAVED)) r = s->s[k].v;
  if (k < 0 || (s->s[k].st & S_OTHER)) {
    lvl u = untracked_restore(fd, s);
    lvl_join(&r, &u);
  }
  s->cur = r;
  s->pre = lvl_none();
  s->mirror = -1;
}

static void save_to(fn_data *fd, ist *s, int key, const lvl *v) {
  int k = key_slot(fd, key);
  if (k < 0) return;
  s->s[k].v = *v;
  s->s[k].st = S_SAVED;
}

/* A call of a same-TU function: its exit summary relative to the IRQL at the call. */
static void apply_summary(const fn_data *fd, ist *s, const irql_sum *sm, int call) {
  if (!sm->valid) return;
  lvl before = s->cur, r = lvl_none();
  if (sm->same) r = before;
  if (!iv_empty(sm->set)) {
    int hi = lvl_hi(&r);
    r.c[C_SET] = iv_join(r.c[C_SET], sm->set);
    if (sm->set.hi > hi) r.cause = (int32_t)call;
  }
  if (sm->restore) {
    lvl u = untracked_restore(fd, s);
    lvl_join(&r, &u);
  }
  if (lvl_empty(&r)) return; /* no path returns: leave the state alone */
  if (sm->restore) s->pre = lvl_none();
  else if (!iv_empty(sm->set)) s->pre = before;
  if (!sm->same || !iv_empty(sm->set) || sm->restore) s->mirror = -1;
  s->cur = r;
}

static void transfer_call(fn_ctx *fc, ist *s, const event *e) {
  fn_data *fd = FD(fc);
  irql_tu *td = TD(fc);
  int ci = e->result ? e->result->call : -1;
  const irql_routine *r = irql_routine_of(e->callee);
  fd->stash_call = -1;
  if (r && r->eff == EF_RESTORE) {
    restore_from(fd, s, r->arg < e->nargs ? e->args[r->arg] : NULL, arg_key(e, r->arg), ci);
    return;
  }
  int lv = r ? irql_raise_level(r, e) : irql_annotated_raise(td, e);
  if (r || lv >= 0) {
    lvl before = s->cur;
    if (r && r->arg >= 0) save_to(fd, s, arg_key(e, r->arg), &before);
    else {
      fd->stash_call = ci;
      fd->stash = before;
    }
    if (lv >= 0) raise_to(s, lv == IRQL_TOP ? IRQL_DEVICE : lv, lv, ci);
    return;
  }
  if (e->callee_fn >= 0) apply_summary(fd, s, &td->sum[e->callee_fn], ci);
}

static void transfer_assign(fn_ctx *fc, ist *s, const event *e) {
  fn_data *fd = FD(fc);
  int lk = e->lhs ? e->lhs->key : -1;
  if (lk < 0) return;
  if (lk == s->mirror) s->mirror = -1;
  const value *r = e->rhs;
  if (r && r->kind == VK_CALL && r->name && !strcmp(r->name, "KeGetCurrentIrql") && e->lhs->kind == VK_VAR &&
      fc->tu->vars[e->lhs->var].kind == VAR_LOCAL)
    s->mirror = lk;
  int k = key_slot(fd, lk);
  if (k < 0) return;
  if (r && r->kind == VK_CALL && r->call == fd->stash_call && fd->stash_call >= 0) {
    s->s[k] = (slot){fd->stash, S_SAVED};
    return;
  }
  int rk = r && !e->decl_uninit ? key_slot(fd, r->key) : -1;
  if (rk >= 0) s->s[k] = s->s[rk];
  else s->s[k] = (slot){lvl_none(), S_OTHER};
}

static void i_transfer(fn_ctx *fc, void *st, const event *e) {
  ist *s = st;
  if (e->kind == EV_CALL) transfer_call(fc, s, e);
  else if (e->kind == EV_ASSIGN) transfer_assign(fc, s, e);
}

/* ---- branches on KeGetCurrentIrql() -------------------------------------------------- */

static bool is_irql_value(const ist *s, const value *v) {
  if (!v) return false;
  if (v->kind == VK_CALL) return v->name && !strcmp(v->name, "KeGetCurrentIrql");
  return v->kind == VK_VAR && v->key >= 0 && v->key == s->mirror;
}

static op_kind flip(op_kind op) {
  switch (op) {
  case OP_LT: return OP_GT;
  case OP_LE: return OP_GE;
  case OP_GT: return OP_LT;
  case OP_GE: return OP_LE;
  default: return op;
  }
}
static op_kind negate(op_kind op) {
  switch (op) {
  case OP_LT: return OP_GE;
  case OP_LE: return OP_GT;
  case OP_GT: return OP_LE;
  case OP_GE: return OP_LT;
  case OP_EQ: return OP_NE;
  case OP_NE: return OP_EQ;
  default: return op;
  }
}

/* Narrow one interval to the levels x with `x op c`. */
static irql_iv narrow(irql_iv a, op_kind op, long long c) {
  if (iv_empty(a)) return a;
  long long lo = a.lo, hi = a.hi;
  switch (op) {
  case OP_LT: hi = hi < c - 1 ? hi : c - 1; break;
  case OP_LE: hi = hi < c ? hi : c; break;
  case OP_GT: lo = lo > c + 1 ? lo : c + 1; break;
  case OP_GE: lo = lo > c ? lo : c; break;
  case OP_EQ:
    lo = lo > c ? lo : c;
    hi = hi < c ? hi : c;
    break;
  case OP_NE:
    if (lo == c) lo++;
    if (hi == c) hi--;
    break;
  default: break;
  }
  if (lo > hi || hi < 0 || lo > IRQL_TOP) return iv_none();
  return iv_make((int)lo, (int)hi);
}

/* Decode `cond` on the edge `taken` into "IRQL op c"; false if it is not such a test. */
static bool decode_irql_test(const ist *s, const value *cond, bool taken, op_kind *op, long long *c) {
  const value *v = cond;
  while (v && v->kind == VK_NOT) {
    v = v->base;
    taken = !taken;
  }
  if (!v) return false;
  if (is_irql_value(s, v)) { /* if (KeGetCurrentIrql()) */
    *op = taken ? OP_NE : OP_EQ;
    *c = 0;
    return true;
  }
  if (v->kind != VK_CMP || !v->base || !v->rhs || v->op < OP_EQ || v->op > OP_GE) return false;
  op_kind o = v->op;
  if (is_irql_value(s, v->base) && v->rhs->is_const) {
    *c = v->rhs->ival;
  } else if (is_irql_value(s, v->rhs) && v->base->is_const) {
    *c = v->base->ival;
    o = flip(o);
  } else {
    return false;
  }
  *op = taken ? o : negate(o);
  return true;
}

static void i_refine(fn_ctx *fc, void *st, const value *cond, bool taken) {
  (void)fc;
  ist *s = st;
  op_kind op;
  long long c;
  if (!decode_irql_test(s, cond, taken, &op, &c)) return;
  for (int i = 0; i < NCOMP; i++) s->cur.c[i] = narrow(s->cur.c[i], op, c);
}

/* ---- call-site facts and summaries --------------------------------------------------- */

static void i_visit(fn_ctx *fc, void *st, const event *e) {
  if (e->kind != EV_CALL || e->callee_fn < 0 || !e->result) return;
  const ist *s = st;
  fn_data *fd = FD(fc);
  irql_site *site = &TD(fc)->site[fc->fn_index][e->result->call];
  lvl here = s->cur, back = untracked_restore(fd, s);
  if (site->run != fd->run) { /* first partition of this run: replace the old record */
    site->run = fd->run;
    site->iv = lvl_iv(&here);
    site->cause = here.cause;
    site->pre = lvl_iv(&back);
    return;
  }
  site->pre = iv_join(site->pre, lvl_iv(&back));
  lvl old = lvl_none();
  old.c[C_SET] = site->iv;
  old.cause = site->cause;
  lvl_join(&old, &here);
  site->iv = lvl_iv(&old);
  site->cause = old.cause;
}

static void i_summarize(fn_ctx *fc, const void *exit_state) {
  fn_data *fd = FD(fc);
  irql_sum *sm = &TD(fc)->sum[fc->fn_index];
  fd->precise = true;
  if (!exit_state) {
    *sm = (irql_sum){0};
    return;
  }
  const ist *s = exit_state;
  sm->valid = true;
  sm->same = !iv_empty(s->cur.c[C_ENT]);
  sm->restore = !iv_empty(s->cur.c[C_RST]);
  sm->set = s->cur.c[C_SET];
  sm->cause = s->cur.cause;
}

static bool sum_eq(const irql_sum *a, const irql_sum *b) {
  return a->valid == b->valid && a->same == b->same && a->restore == b->restore && iv_eq(a->set, b->set);
}

/* Entry intervals are read from the call-site records as they are written (callers run
 * first in the pre-pass); a round changed something if an entry, the level an untracked
 * release restores, or a summary moved. */
static bool i_tu_commit(void *data) {
  irql_tu *td = data;
  bool changed = false;
  for (int f = 0; f < td->tu->nfns; f++) {
    irql_iv e = irql_entry(td, f, NULL), pre = irql_entry_pre(td, f);
    if (!iv_eq(e, td->snap_entry[f]) || !iv_eq(pre, td->snap_pre[f]) || !sum_eq(&td->sum[f], &td->snap_sum[f]))
      changed = true;
    td->snap_entry[f] = e;
    td->snap_pre[f] = pre;
    td->snap_sum[f] = td->sum[f];
  }
  return changed;
}

static void *i_tu_init(const tu_model *tu) { return irql_tu_build(tu); }
static void i_tu_free(void *p) { irql_tu_destroy(p); }

/* ---- queries ------------------------------------------------------------------------- */

static const ist *state_of(const fn_ctx *fc, const void *blob) {
  if (dom_index < 0 || !blob || !FD(fc)) return NULL;
  return flow_dom_state(fc, (void *)blob, dom_index);
}

bool irql_range(const fn_ctx *fc, const void *blob, int *lo, int *hi) {
  const ist *s = state_of(fc, blob);
  if (!s) return false;
  irql_iv u = lvl_iv(&s->cur);
  if (iv_empty(u)) return false;
  *lo = u.lo;
  *hi = u.hi;
  return true;
}

int irql_restricted_max(const fn_ctx *fc, const event *call, const char **shown) {
  if (dom_index < 0 || call->kind != EV_CALL || !call->callee) return -1;
  const char *name = irql_call_spelling(call);
  *shown = name;
  int m = irql_max_of(TD(fc), name);
  return m >= 0 ? m : irql_max_of(TD(fc), call->callee);
}

int irql_explain(const fn_ctx *fc, const void *blob, irql_step *out, int max, int *total) {
  const ist *s = state_of(fc, blob);
  if (total) *total = 0;
  if (!s) return 0;
  return irql_model_explain(TD(fc), fc->fn_index, s->cur.cause, out, max, total);
}

static const domain irql_domain = {
    "irql",  i_tu_init, i_tu_free,   i_setup,     i_teardown, i_init, i_join,
    i_transfer, i_refine, i_summarize, i_visit, i_tu_commit,
};

void irql_register(void) { dom_index = flow_register_domain(&irql_domain); }
