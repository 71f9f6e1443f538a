/* Domain "attach": which KAPC_STATE objects may be attached at each program point.
 *
 * Each KeStackAttachProcess call of a function is an attach site; the state object it
 * names (`&ApcState` -> ApcState, `&ctx->ApcState` -> ctx->ApcState, a PKAPC_STATE
 * pointer -> that pointer) is a tracked state, and KeAttachProcess/KeDetachProcess share
 * one implicit state. The abstract state is the set of attach sites that may still be
 * open and, per tracked state, whether it may be detached (not attached) here.
 *
 * TU data: for every function, the MmUnsecureVirtualMemory calls it makes (with the
 * released handle expressed as a path from a parameter, when it is one) and the facts of
 * every call site seen in its callers (attached there? handle secured there by the
 * caller?). The facts are gathered in the engine's top-down pre-pass (visit) and made
 * current by tu_commit; unsecure-outside-attach judges a helper's unsecure by them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"

enum { MAXS = 16, MAXSITES = 64, MAXU = 32, IMPLICIT_KEY = -2, MAXWALK = 256 };

/* One call of a same-TU function, as seen in the caller's final pass. */
typedef struct site_rec {
  int caller;
  const event *call;
  bool attached;    /* definitely attached at the call (every partition) */
  uint32_t secured; /* bit u: the handle of the callee's unsecure u was secured by the caller */
} site_rec;

typedef struct site_list {
  site_rec *v;
  int n, cap;
} site_list;

/* A MmUnsecureVirtualMemory call and the handle it releases, relative to a parameter. */
typedef struct unsec {
  const event *call;
  int param;    /* parameter index the handle is read through, or -1 */
  char *suffix; /* access path after the parameter ("", "->Secure"), or NULL */
} unsec;

typedef struct fn_info {
  unsec u[MAXU];
  int nu;
  const event *taken; /* first event that takes its address (it is called from elsewhere) */
  bool taken_init;    /* its address is in a global initializer (a registration table) */
  site_list cur, pend;
  bool ran_pend; /* the pre-pass analysed it precisely in this round */
  bool entry_ok; /* every caller is known and attached (or itself entry_ok) */
} fn_info;

typedef struct at_tu {
  const tu_model *tu;
  fn_info *fi;
} at_tu;

typedef struct fn_data {
  int ns, nsites;
  int skey[MAXS];
  const value *sarg[MAXS]; /* the argument naming the state (NULL: implicit) */
  uint64_t ssites[MAXS]; /* attach sites of each state */
  const event *site_ev[MAXSITES];
  signed char *call_site;  /* by call index: attach site, or -1 */
  signed char *call_state; /* by call index: state slot of an attach/detach, or -1 */
} fn_data;

typedef struct at_state {
  uint64_t open;      /* attach sites that may be open */
  uint32_t maybe_det; /* bit s: state s may be not attached */
  uint32_t in_proc;   /* 1: on every path, a test `P == PsGetCurrentProcess()` held */
} at_state;

static int dom_index = -1;
int attach_domain_index(void) { return dom_index; }

static fn_data *FD(const fn_ctx *fc) { return dom_index >= 0 ? fc->dom_data[dom_index] : NULL; }
static at_tu *TD(const fn_ctx *fc) { return fc->tu_data[dom_index]; }

bool attach_is_attach(const char *callee) {
  return callee && (!strcmp(callee, "KeStackAttachProcess") || !strcmp(callee, "KeAttachProcess"));
}
bool attach_is_detach(const char *callee) {
  return callee && (!strcmp(callee, "KeUnstackDetachProcess") || !strcmp(callee, "KeDetachProcess"));
}

/* The state object an attach/detach call names: its key (IMPLICIT_KEY for
 * KeAttachProcess/KeDetachProcess, -1 if untrackable) and the argument naming it. */
static int state_of_call(const event *e, const value **arg) {
  *arg = NULL;
  if (!strcmp(e->callee, "KeAttachProcess") || !strcmp(e->callee, "KeDetachProcess")) return IMPLICIT_KEY;
  int i = !strcmp(e->callee, "KeStackAttachProcess") ? 1 : 0;
  if (i >= e->nargs) return -1;
  const value *a = e->args[i];
  *arg = a;
  if (a->kind == VK_ADDROF && a->base && a->base->key >= 0) return a->base->key;
  return a->key;
}

static int state_slot(const fn_data *fd, int key) {
  for (int s = 0; s < fd->ns; s++)
    if (fd->skey[s] == key) return s;
  return -1;
}

/* ---- per function ------------------------------------------------------------------- */

static void classify_calls(fn_ctx *fc, fn_data *fd) {
  const function *fn = fc->fn;
  bool saturated[MAXS] = {false};
  for (int i = 0; i < fn->ncalls; i++) {
    const event *e = fn->calls[i];
    fd->call_site[i] = fd->call_state[i] = -1;
    if (!attach_is_attach(e->callee) && !attach_is_detach(e->callee)) continue;
    const value *arg;
    int key = state_of_call(e, &arg);
    if (key == -1) continue;
    int s = state_slot(fd, key);
    if (s < 0 && fd->ns < MAXS) {
      s = fd->ns++;
      fd->skey[s] = key;
      fd->sarg[s] = arg;
    }
    if (s < 0) continue;
    if (attach_is_attach(e->callee)) {
      if (fd->nsites == MAXSITES) {
        saturated[s] = true; /* more attach sites than tracked: this state is not judged */
        continue;
      }
      fd->site_ev[fd->nsites] = e;
      fd->ssites[s] |= 1ull << fd->nsites;
      fd->call_site[i] = (signed char)fd->nsites++;
    }
    fd->call_state[i] = (signed char)s;
  }
  for (int i = 0; i < fn->ncalls; i++)
    if (fd->call_state[i] >= 0 && saturated[(int)fd->call_state[i]]) fd->call_state[i] = fd->call_site[i] = -1;
  for (int s = 0; s < fd->ns; s++)
    if (saturated[s]) fd->ssites[s] = 0;
}

static size_t a_setup(fn_ctx *fc) {
  fc->dom_data[dom_index] = NULL;
  const function *fn = fc->fn;
  bool relevant = false;
  for (int i = 0; i < fn->ncalls && !relevant; i++) {
    const event *e = fn->calls[i];
    relevant = e->callee_fn >= 0 || attach_is_attach(e->callee) || attach_is_detach(e->callee) ||
               handles_is_unsecure(e->callee);
  }
  if (!relevant) return 0;
  fn_data *fd = xcalloc(1, sizeof *fd);
  fd->call_site = xmalloc((size_t)fn->ncalls + 1);
  fd->call_state = xmalloc((size_t)fn->ncalls + 1);
  classify_calls(fc, fd);
  fc->dom_data[dom_index] = fd;
  return sizeof(at_state);
}

static void a_teardown(fn_ctx *fc) {
  fn_data *fd = FD(fc);
  if (!fd) return;
  free(fd->call_site);
  free(fd->call_state);
  free(fd);
  fc->dom_data[dom_index] = NULL;
}

static void a_init(fn_ctx *fc, void *st) {
  fn_data *fd = FD(fc);
  at_state *s = st;
  s->open = 0;
  s->maybe_det = fd->ns ? (uint32_t)((1ull << fd->ns) - 1) : 0;
  s->in_proc = 0;
}

static bool a_join(fn_ctx *fc, void *dst, const void *src) {
  (void)fc;
  at_state *d = dst;
  const at_state *s = src;
  at_state n = {d->open | s->open, d->maybe_det | s->maybe_det, d->in_proc & s->in_proc};
  bool ch = n.open != d->open || n.maybe_det != d->maybe_det || n.in_proc != d->in_proc;
  *d = n;
  return ch;
}

static int call_index(const event *e) { return e->result ? e->result->call : -1; }

static void a_transfer(fn_ctx *fc, void *st, const event *e) {
  fn_data *fd = FD(fc);
  at_state *s = st;
  int ci = call_index(e);
  if (e->kind != EV_CALL || ci < 0 || ci >= fc->fn->ncalls || fd->call_state[ci] < 0) return;
  int slot = fd->call_state[ci], site = fd->call_site[ci];
  if (site >= 0) {
    s->open = (s->open & ~fd->ssites[slot]) | 1ull << site;
    s->maybe_det &= ~(1u << slot);
    return;
  }
  if (!(s->open & fd->ssites[slot]) && s->open) {
    /* detaching a state that is not attached while others are: taken as the (wrong)
     * detach of those, so the mistake is reported once, at this detach */
    for (int o = 0; o < fd->ns; o++)
      if (s->open & fd->ssites[o]) s->maybe_det |= 1u << o;
    s->open = 0;
  }
  s->open &= ~fd->ssites[slot];
  s->maybe_det |= 1u << slot;
}

static const char *const current_process_names[] = {"IoGetCurrentProcess", "PsGetCurrentProcess",
                                                    "PsGetCurrentProcessId", NULL};
static bool is_current_process(const value *v) {
  return v && v->kind == VK_CALL && name_in(v->name, current_process_names);
}

/* On the edge where `P == PsGetCurrentProcess()` (or `Id == PsGetCurrentProcessId()`)
 * holds, the code runs in process P. */
static void a_refine(fn_ctx *fc, void *st, const value *cond, bool taken) {
  (void)fc;
  bool pos = taken;
  while (cond && cond->kind == VK_NOT) {
    cond = cond->base;
    pos = !pos;
  }
  if (!cond || cond->kind != VK_CMP || (cond->op != OP_EQ && cond->op != OP_NE)) return;
  if (!is_current_process(cond->base) && !is_current_process(cond->rhs)) return;
  if ((cond->op == OP_EQ) == pos) ((at_state *)st)->in_proc = 1;
}

/* ---- call-site facts ------------------------------------------------------------------ */

/* The key, in the caller, of the handle the callee's unsecure u releases at this call. */
static int caller_handle_key(const tu_model *tu, const unsec *u, const event *call) {
  if (u->param < 0 || u->param >= call->nargs) return -1;
  const value *a = call->args[u->param];
  char buf[512];
  if (a->kind == VK_ADDROF && a->base && a->base->key >= 0) {
    if (strncmp(u->suffix, "->", 2) != 0) return -1;
    snprintf(buf, sizeof buf, "%s.%s", tu_key_name(tu, a->base->key), u->suffix + 2);
  } else if (a->key >= 0) {
    snprintf(buf, sizeof buf, "%s%s", tu_key_name(tu, a->key), u->suffix);
  } else {
    return -1;
  }
  return intern_find(&tu->keys, buf);
}

static void a_visit(fn_ctx *fc, void *st, const event *e) {
  if (e->kind != EV_CALL || e->callee_fn < 0) return;
  at_tu *td = TD(fc);
  fn_info *g = &td->fi[e->callee_fn];
  /* visit receives this domain's blob; the partition starts dom_off bytes earlier */
  const void *blob = (const unsigned char *)st - fc->dom_off[dom_index];
  bool attached = attach_context_known(fc, blob);
  uint32_t secured = 0;
  for (int u = 0; u < g->nu; u++) {
    int key = caller_handle_key(fc->tu, &g->u[u], e);
    if (key >= 0 && handles_secured_here(fc, blob, key)) secured |= 1u << u;
  }
  /* another partition of the same call: keep what holds in all of them */
  for (int i = g->pend.n - 1; i >= 0 && g->pend.v[i].caller == fc->fn_index; i--)
    if (g->pend.v[i].call == e) {
      g->pend.v[i].attached &= attached;
      g->pend.v[i].secured &= secured;
      return;
    }
  site_rec r = {fc->fn_index, e, attached, secured};
  VEC_PUSH(g->pend.v, g->pend.n, g->pend.cap, r);
}

static void a_summarize(fn_ctx *fc, const void *exit_state) {
  (void)exit_state;
  TD(fc)->fi[fc->fn_index].ran_pend = true;
}

/* Calls made by functions the pre-pass could not analyse precisely count as bad sites. */
static void add_unanalysed_sites(at_tu *td) {
  const tu_model *tu = td->tu;
  for (int c = 0; c < tu->nfns; c++) {
    if (td->fi[c].ran_pend) continue;
    const function *fn = &tu->fns[c];
    for (int i = 0; i < fn->ncalls; i++) {
      const event *e = fn->calls[i];
      if (e->callee_fn < 0) continue;
      site_rec r = {c, e, false, 0};
      fn_info *g = &td->fi[e->callee_fn];
      VEC_PUSH(g->pend.v, g->pend.n, g->pend.cap, r);
    }
  }
}

static bool same_sites(const site_list *a, const site_list *b) {
  if (a->n != b->n) return false;
  for (int i = 0; i < a->n; i++)
    if (a->v[i].call != b->v[i].call || a->v[i].attached != b->v[i].attached ||
        a->v[i].secured != b->v[i].secured)
      return false;
  return true;
}

/* entry_ok: least fixpoint of "every call site is attached or in an entry_ok caller". */
static void compute_entry_ok(at_tu *td) {
  int n = td->tu->nfns;
  for (int g = 0; g < n; g++) td->fi[g].entry_ok = false;
  for (bool changed = true; changed;) {
    changed = false;
    for (int g = 0; g < n; g++) {
      fn_info *fi = &td->fi[g];
      if (fi->entry_ok || fi->taken || fi->taken_init || td->tu->fns[g].role || !fi->cur.n) continue;
      bool ok = true;
      for (int i = 0; i < fi->cur.n && ok; i++)
        ok = fi->cur.v[i].attached || td->fi[fi->cur.v[i].caller].entry_ok;
      if (ok) fi->entry_ok = changed = true;
    }
  }
}

static bool a_tu_commit(void *data) {
  at_tu *td = data;
  add_unanalysed_sites(td);
  bool changed = false;
  for (int g = 0; g < td->tu->nfns; g++) {
    fn_info *fi = &td->fi[g];
    if (!same_sites(&fi->cur, &fi->pend)) changed = true;
    site_list t = fi->cur;
    fi->cur = fi->pend;
    fi->pend = t;
    fi->pend.n = 0;
  }
  for (int g = 0; g < td->tu->nfns; g++) td->fi[g].ran_pend = false;
  compute_entry_ok(td);
  return changed;
}

/* ---- TU set-up: unsecure calls relative to parameters, address-taken functions -------- */

/* The one location every non-NULL assignment of local `var` copies (`h = ctx->Secure;`,
 * `req = (PREQ)Context;`), or -1. */
static int local_source_key(const tu_model *tu, const function *fn, int var) {
  if (tu->vars[var].kind != VAR_LOCAL) return -1;
  int src = -1;
  for (int b = 0; b < fn->nblocks; b++)
    for (int i = 0; i < fn->blocks[b].nev; i++) {
      const event *e = fn->blocks[b].ev[i];
      if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->kind != VK_VAR || e->lhs->var != var || e->decl_uninit)
        continue;
      if (e->rhs && e->rhs->is_const && e->rhs->ival == 0) continue;
      if (!e->rhs || e->rhs->key < 0 || (src >= 0 && src != e->rhs->key)) return -1;
      src = e->rhs->key;
    }
  return src;
}

/* Express the handle an unsecure releases as parameter + access path, following copies
 * through locals (a few steps). */
static void map_unsecure(const tu_model *tu, int f, unsec *u) {
  const function *fn = &tu->fns[f];
  u->param = -1;
  u->suffix = NULL;
  if (u->call->nargs < 1 || u->call->args[0]->key < 0) return;
  char k[512], t[512];
  snprintf(k, sizeof k, "%s", tu_key_name(tu, u->call->args[0]->key));
  for (int step = 0; step < 4; step++) {
    int root, np;
    if (sscanf(k, "v%d%n", &root, &np) != 1 || root < 0 || root >= tu->nvars) return;
    if (tu->vars[root].kind == VAR_PARAM && tu->vars[root].fn == f) {
      u->param = tu->vars[root].param_index;
      u->suffix = xstrdup(k + np);
      return;
    }
    int src = local_source_key(tu, fn, root);
    if (src < 0) return;
    snprintf(t, sizeof t, "%s%s", tu_key_name(tu, src), k + np);
    memcpy(k, t, sizeof k);
  }
}

/* Mark every function the value tree designates (its address is taken there); bounded
 * walk, no recursion. */
static void note_taken_in(at_tu *td, const value *v, const event *e) {
  const value *stack[MAXWALK];
  int sp = 0;
  if (v) stack[sp++] = v;
  while (sp) {
    const value *x = stack[--sp];
    if (x->kind == VK_FUNC && x->name) {
      int g = tu_find_function(td->tu, x->name);
      if (g >= 0 && !td->fi[g].taken) td->fi[g].taken = e;
      if (g >= 0 && !e) td->fi[g].taken_init = true;
    }
    const value *kids[3] = {x->base, x->rhs, x->cond};
    for (int i = 0; i < 3; i++)
      if (kids[i] && sp < MAXWALK) stack[sp++] = kids[i];
  }
}

static void find_address_taken(at_tu *td) {
  const tu_model *tu = td->tu;
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    for (int b = 0; b < fn->nblocks; b++)
      for (int i = 0; i < fn->blocks[b].nev; i++) {
        const event *e = fn->blocks[b].ev[i];
        if (e->kind == EV_CALL)
          for (int a = 0; a < e->nargs; a++) note_taken_in(td, e->args[a], e);
        else if (e->kind == EV_ASSIGN && e->rhs)
          note_taken_in(td, e->rhs, e);
        else if (e->kind == EV_RETURN && e->val)
          note_taken_in(td, e->val, e);
      }
  }
  for (int i = 0; i < tu->ninits; i++) note_taken_in(td, tu->inits[i].val, NULL);
}

static void *a_tu_init(const tu_model *tu) {
  at_tu *td = xcalloc(1, sizeof *td);
  td->tu = tu;
  td->fi = xcalloc((size_t)tu->nfns + 1, sizeof(fn_info));
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    fn_info *fi = &td->fi[f];
    for (int i = 0; i < fn->ncalls && fi->nu < MAXU; i++)
      if (handles_is_unsecure(fn->calls[i]->callee)) {
        fi->u[fi->nu].call = fn->calls[i];
        map_unsecure(tu, f, &fi->u[fi->nu++]);
      }
  }
  find_address_taken(td);
  return td;
}

static void a_tu_free(void *data) {
  at_tu *td = data;
  if (!td) return;
  for (int f = 0; f < td->tu->nfns; f++) {
    fn_info *fi = &td->fi[f];
    for (int u = 0; u < fi->nu; u++) free(fi->u[u].suffix);
    free(fi->cur.v);
    free(fi->pend.v);
  }
  free(td->fi);
  free(td);
}

/* ---- queries ------------------------------------------------------------------------ */

static const at_state *state_of(const fn_ctx *fc, const void *blob) {
  if (!FD(fc) || !blob) return NULL;
  return flow_dom_state(fc, (void *)blob, dom_index);
}

bool attach_definitely_attached(const fn_ctx *fc, const void *blob) {
  const at_state *s = state_of(fc, blob);
  fn_data *fd = FD(fc);
  if (!s) return false;
  for (int k = 0; k < fd->ns; k++)
    if ((s->open & fd->ssites[k]) && !(s->maybe_det >> k & 1)) return true;
  return false;
}

bool attach_context_known(const fn_ctx *fc, const void *blob) {
  const at_state *s = state_of(fc, blob);
  return s && (s->in_proc || attach_definitely_attached(fc, blob));
}

uint64_t attach_open_sites(const fn_ctx *fc, const void *blob) {
  const at_state *s = state_of(fc, blob);
  return s ? s->open : 0;
}

const event *attach_site_event(const fn_ctx *fc, int site) {
  fn_data *fd = FD(fc);
  return fd && site >= 0 && site < fd->nsites ? fd->site_ev[site] : NULL;
}

/* The state slot of an attach/detach call, or -1. */
static int slot_of_call(const fn_ctx *fc, const event *call) {
  fn_data *fd = FD(fc);
  int ci = call_index(call);
  if (!fd || call->kind != EV_CALL || ci < 0 || ci >= fc->fn->ncalls) return -1;
  return fd->call_state[ci];
}

const char *attach_state_text(const fn_ctx *fc, const event *call, char *buf, size_t size) {
  int s = slot_of_call(fc, call);
  const value *a = s >= 0 ? FD(fc)->sarg[s] : NULL;
  if (s >= 0 && !a) snprintf(buf, size, "the KeAttachProcess attachment");
  else if (a && a->kind == VK_ADDROF && a->base && a->base->text) snprintf(buf, size, "&%s", a->base->text);
  else if (a && a->text) snprintf(buf, size, "%s", a->text);
  else snprintf(buf, size, "the KAPC_STATE");
  return buf;
}

static int lowest_site(uint64_t m) {
  for (int i = 0; i < MAXSITES; i++)
    if (m >> i & 1) return i;
  return -1;
}

int attach_reattached(const fn_ctx *fc, const void *blob, const event *call) {
  int s = slot_of_call(fc, call);
  const at_state *st = state_of(fc, blob);
  if (s < 0 || !st || !attach_is_attach(call->callee)) return -1;
  return lowest_site(st->open & FD(fc)->ssites[s]);
}

detach_verdict attach_check_detach(const fn_ctx *fc, const void *blob, const event *call, int *other) {
  int s = slot_of_call(fc, call);
  const at_state *st = state_of(fc, blob);
  *other = -1;
  if (s < 0 || !st || !attach_is_detach(call->callee)) return DV_MATCHED;
  fn_data *fd = FD(fc);
  if (!(st->maybe_det >> s & 1)) return DV_MATCHED;
  uint64_t others = st->open & ~fd->ssites[s];
  if (!(st->open & fd->ssites[s]) && others) {
    *other = lowest_site(others);
    return DV_OTHER_STATE;
  }
  return DV_UNMATCHED;
}

bool attach_callers_ok(const fn_ctx *fc, const event *unsecure, attach_callers *out) {
  at_tu *td = TD(fc);
  fn_info *fi = &td->fi[fc->fn_index];
  memset(out, 0, sizeof *out);
  int u = 0;
  while (u < fi->nu && fi->u[u].call != unsecure) u++;
  out->nsites = fi->cur.n;
  out->taken = fi->taken;
  out->external = fi->taken || fi->taken_init || fc->fn->role;
  bool ok = out->nsites > 0 && !out->external;
  for (int i = 0; i < fi->cur.n; i++) {
    const site_rec *r = &fi->cur.v[i];
    if (r->attached || td->fi[r->caller].entry_ok || (u < fi->nu && (r->secured >> u & 1))) continue;
    ok = false;
    if (out->nbad < ATTACH_MAX_BAD) {
      out->bad[out->nbad] = r->call;
      out->bad_fn[out->nbad++] = r->caller;
    }
  }
  return ok;
}

static const domain attach_domain = {
    "attach",    a_tu_init,  a_tu_free,  a_setup,     a_teardown, a_init, a_join,
    a_transfer,  a_refine,   a_summarize, a_visit,    a_tu_commit,
};

void attach_register(void) { dom_index = flow_register_domain(&attach_domain); }
