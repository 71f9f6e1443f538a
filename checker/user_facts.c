/* Facts the user domain (dom_user.c) gathers without dataflow: walks over values, and
 * TU-wide facts about functions (coverage by callers, post-operation callbacks, routines
 * that handle only IRP_MJ_INTERNAL_DEVICE_CONTROL). */
#include <stdlib.h>
#include <string.h>

#include "domains.h"
#include "user_facts.h"

enum { IRP_MJ_INTERNAL_DEVICE_CONTROL = 0x0f };

static bool is_field(const value *v, const char *name) {
  return v && v->kind == VK_FIELD && v->name && !strcmp(v->name, name);
}

/* ---- walking values ------------------------------------------------------------------ */

int user_pointer_nodes(const value *v, bool loads, const value **out, int max) {
  struct item {
    const value *v;
    bool addr;
  } stack[32];
  int sp = 0, n = 0;
  if (v) stack[sp++] = (struct item){v, false};
  while (sp && n < max) {
    struct item it = stack[--sp];
    const value *x = it.v;
    if (!x) continue;
    if (it.addr) { /* x is an lvalue whose address is computed */
      if (x->kind == VK_FIELD && !x->arrow && sp < 32) stack[sp++] = (struct item){x->base, true};
      else if ((x->kind == VK_FIELD || x->kind == VK_DEREF) && sp < 32) stack[sp++] = (struct item){x->base, false};
      else if (x->kind == VK_INDEX && sp < 31) {
        stack[sp++] = (struct item){x->base, false};
        stack[sp++] = (struct item){x->base, true};
      }
      continue;
    }
    out[n++] = x;
    const value *next = NULL;
    bool addr = false;
    if (x->kind == VK_ARITH) next = x->base;
    else if (x->kind == VK_ADDROF) next = x->base, addr = true;
    else if (x->kind == VK_COND) {
      if (sp < 32) stack[sp++] = (struct item){x->rhs, false};
      next = x->base;
    } else if (loads && x->kind == VK_FIELD) next = x->base, addr = !x->arrow;
    else if (loads && (x->kind == VK_DEREF || x->kind == VK_INDEX)) next = x->base;
    if (next && sp < 32) stack[sp++] = (struct item){next, addr};
  }
  return n;
}

/* Call cb for every value node under root (iteratively, depth bounded). */
void user_each_node(const value *root, void (*cb)(const value *, void *), void *u) {
  const value *stack[128];
  int sp = 0;
  if (root) stack[sp++] = root;
  while (sp) {
    const value *v = stack[--sp];
    cb(v, u);
    if (v->base && sp < 128) stack[sp++] = v->base;
    if (v->rhs && sp < 128) stack[sp++] = v->rhs;
    if (v->cond && sp < 128) stack[sp++] = v->cond;
  }
}

/* Call cb for every value node of every event of fn. */
void user_each_fn_node(const function *fn, void (*cb)(const value *, void *), void *u) {
  for (int b = 0; b < fn->nblocks; b++) {
    for (int i = 0; i < fn->blocks[b].nev; i++) {
      const event *e = fn->blocks[b].ev[i];
      user_each_node(e->lhs, cb, u);
      user_each_node(e->rhs, cb, u);
      user_each_node(e->ptr, cb, u);
      user_each_node(e->val, cb, u);
      for (int a = 0; a < e->nargs; a++) user_each_node(e->args[a], cb, u);
    }
    user_each_node(fn->blocks[b].cond, cb, u);
  }
}

/* ---- TU facts: coverage by callers, roles ------------------------------------------------- */

typedef struct scan_ctx {
  const tu_model *tu;
  bool *addr_taken;
} scan_ctx;

static void addr_cb(const value *v, void *u) {
  scan_ctx *c = u;
  if (v->kind != VK_FUNC || !v->name) return;
  int f = tu_find_function(c->tu, v->name);
  if (f >= 0) c->addr_taken[f] = true;
}

/* Greatest fixpoint: a function is covered if it has call sites, its address is not taken
 * (it may be called from elsewhere), and each call site is covered lexically or lies in a
 * covered function. */
void user_compute_covered(const tu_model *tu, bool *covered) {
  bool *taken = xcalloc((size_t)tu->nfns + 1, 1);
  bool *has_site = xcalloc((size_t)tu->nfns + 1, 1);
  scan_ctx sc = {tu, taken};
  for (int f = 0; f < tu->nfns; f++) {
    user_each_fn_node(&tu->fns[f], addr_cb, &sc);
    for (int i = 0; i < tu->fns[f].ncalls; i++)
      if (tu->fns[f].calls[i]->callee_fn >= 0) has_site[tu->fns[f].calls[i]->callee_fn] = true;
  }
  for (int i = 0; i < tu->ninits; i++) addr_cb(tu->inits[i].val, &sc);
  for (int f = 0; f < tu->nfns; f++) covered[f] = has_site[f] && !taken[f];
  bool changed = true;
  while (changed) {
    changed = false;
    for (int f = 0; f < tu->nfns; f++)
      for (int i = 0; i < tu->fns[f].ncalls; i++) {
        const event *e = tu->fns[f].calls[i];
        int g = e->callee_fn;
        if (g >= 0 && covered[g] && !e->covered && !covered[f]) {
          covered[g] = false;
          changed = true;
        }
      }
  }
  free(taken);
  free(has_site);
}

static void mark_fn(const tu_model *tu, const value *v, bool *set) {
  if (!v || v->kind != VK_FUNC || !v->name) return;
  int f = tu_find_function(tu, v->name);
  if (f >= 0) set[f] = true;
}

/* Post-operation callbacks: FLT_POSTOP_CALLBACK_STATUS return type or the PostOperation
 * slot of an FLT_OPERATION_REGISTRATION table, but not a SafePostCallback. */
void user_compute_postop(const tu_model *tu, bool *postop) {
  bool *safe = xcalloc((size_t)tu->nfns + 1, 1);
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    if (fn->ret_type && strstr(fn->ret_type, "FLT_POSTOP_CALLBACK_STATUS")) postop[f] = true;
    for (int i = 0; i < fn->ncalls; i++) {
      const event *e = fn->calls[i];
      if (e->callee && !strcmp(e->callee, "FltDoCompletionProcessingWhenSafe") && e->nargs > 4)
        mark_fn(tu, e->args[4], safe);
    }
  }
  for (int i = 0; i < tu->ninits; i++) {
    const struct init_entry *ie = &tu->inits[i];
    if (ie->field == 3 && ie->type && strstr(ie->type, "FLT_OPERATION_REGISTRATION")) mark_fn(tu, ie->val, postop);
  }
  for (int f = 0; f < tu->nfns; f++)
    if (safe[f]) postop[f] = false;
  free(safe);
}

/* Routines stored only in MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL]. */
void user_compute_internal(const tu_model *tu, bool *internal_only) {
  bool *other = xcalloc((size_t)tu->nfns + 1, 1);
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    for (int b = 0; b < fn->nblocks; b++)
      for (int i = 0; i < fn->blocks[b].nev; i++) {
        const event *e = fn->blocks[b].ev[i];
        if (e->kind != EV_ASSIGN || !e->lhs || !e->rhs || e->rhs->kind != VK_FUNC) continue;
        const value *l = e->lhs;
        if (l->kind != VK_INDEX || !is_field(l->base, "MajorFunction")) continue;
        int g = tu_find_function(tu, e->rhs->name);
        if (g < 0) continue;
        if (l->rhs && l->rhs->is_const && l->rhs->ival == IRP_MJ_INTERNAL_DEVICE_CONTROL) internal_only[g] = true;
        else other[g] = true;
      }
  }
  for (int f = 0; f < tu->nfns; f++)
    if (other[f]) internal_only[f] = false;
  free(other);
}
