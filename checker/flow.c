/* The dataflow engine (see flow.h). */
#include "flow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reslimits.h"
#include "names.h"

enum { MAX_DOMAINS = 16 };
static const domain *domains[MAX_DOMAINS];
static int ndomains;

int flow_register_domain(const domain *d) {
  for (int i = 0; i < ndomains; i++)
    if (domains[i] == d) return i;
  domains[ndomains] = d;
  return ndomains++;
}
int flow_domain_count(void) { return ndomains; }
const domain *flow_domain(int i) { return domains[i]; }

void **flow_tu_init(const tu_model *tu) {
  void **data = xcalloc(MAX_DOMAINS, sizeof(void *));
  for (int i = 0; i < ndomains; i++)
    if (domains[i]->tu_init) data[i] = domains[i]->tu_init(tu);
  return data;
}
void flow_tu_free(void **data) {
  if (!data) return;
  for (int i = 0; i < ndomains; i++)
    if (domains[i]->tu_free) domains[i]->tu_free(data[i]);
  free(data);
}

bool flow_tu_commit(void **data) {
  bool changed = false;
  for (int i = 0; i < ndomains; i++)
    if (domains[i]->tu_commit && domains[i]->tu_commit(data[i])) changed = true;
  return changed;
}
bool flow_wants_prepass(void) {
  for (int i = 0; i < ndomains; i++)
    if (domains[i]->tu_commit) return true;
  return false;
}

/* ---- facts -------------------------------------------------------------------------- */

static int facts_get(const facts *f, int key) {
  for (int i = 0; i < f->n; i++)
    if (f->f[i].key == key) return f->f[i].val;
  return 0;
}
static void facts_del(facts *f, int key) {
  for (int i = 0; i < f->n; i++)
    if (f->f[i].key == key) {
      memmove(&f->f[i], &f->f[i + 1], sizeof(fact) * (size_t)(f->n - i - 1));
      f->n--;
      return;
    }
}
static void facts_set(facts *f, int key, int val) {
  int i = 0;
  while (i < f->n && f->f[i].key < key) i++;
  if (i < f->n && f->f[i].key == key) {
    f->f[i].val = (unsigned char)val;
    return;
  }
  if (f->n == FLOW_MAX_FACTS) return; /* full: forget the new fact */
  memmove(&f->f[i + 1], &f->f[i], sizeof(fact) * (size_t)(f->n - i));
  f->f[i].key = key;
  f->f[i].val = (unsigned char)val;
  f->n++;
}
static bool facts_equal(const facts *a, const facts *b) {
  return a->n == b->n && !memcmp(a->f, b->f, sizeof(fact) * (size_t)a->n);
}
/* a := a INTERSECT b; true if a lost a fact. */
static bool facts_meet(facts *a, const facts *b) {
  int w = 0;
  for (int i = 0; i < a->n; i++)
    if (facts_get(b, a->f[i].key) == a->f[i].val) a->f[w++] = a->f[i];
  bool changed = w != a->n;
  a->n = w;
  return changed;
}

static bool fact_key(const tu_model *tu, const value *v) {
  return v && v->kind == VK_VAR && v->key >= 0 && tu->vars[v->var].kind != VAR_GLOBAL;
}

bool flow_decode_test(const value *cond, bool taken, const value **tested, bool *nonzero) {
  bool pos = taken;
  const value *v = cond;
  while (v && v->kind == VK_NOT) {
    v = v->base;
    pos = !pos;
  }
  if (!v) return false;
  if (v->kind == VK_CMP && (v->op == OP_EQ || v->op == OP_NE) && v->base && v->rhs) {
    const value *x = v->base, *c = v->rhs;
    if (x->is_const && !c->is_const) {
      const value *t = x;
      x = c;
      c = t;
    }
    if (!c->is_const) return false;
    bool eq_holds = (v->op == OP_EQ) == pos;
    if (c->ival == 0) {
      *tested = x;
      *nonzero = !eq_holds;
      return true;
    }
    if (eq_holds) { /* x == c with c != 0 */
      *tested = x;
      *nonzero = true;
      return true;
    }
    return false;
  }
  if (v->kind == VK_CMP || v->kind == VK_ARITH || v->kind == VK_CONST) {
    if (v->kind == VK_ARITH && (v->op == OP_AND || v->op == OP_OR)) {
      *tested = v;
      *nonzero = pos;
      return true;
    }
    return false;
  }
  *tested = v;
  *nonzero = pos;
  return true;
}

/* ---- per-function run --------------------------------------------------------------- */

typedef struct pset {
  int n;
  unsigned char *parts[FLOW_MAX_PARTS];
} pset;

typedef struct F {
  fn_ctx fc;
  const tu_model *tu;
  const function *fn;
  size_t blob;
  pset *in;
  int *rpo;   /* rpo[b] = position, -1 unreachable */
  int *order; /* blocks in rpo order */
  int norder;
  int *heap;
  int nheap;
  bool *queued;
  unsigned char *scratch, *scratch2, *scratch3;
  /* liveness of fact keys: only keys some later branch tests are worth keeping apart */
  int live_keys[64];
  int nlive_keys;
  uint64_t *live_in; /* per block: bit i = live_keys[i] may be tested later */
  bool reporting;
  unsigned char *exit_acc;
  bool have_exit;
  size_t dom_off[MAX_DOMAINS], dom_size[MAX_DOMAINS];
  void *dom_data[MAX_DOMAINS];
} F;

void *flow_dom_state(const fn_ctx *fc, void *blob, int d) {
  if (!fc->dom_size[d]) return NULL;
  return (unsigned char *)blob + fc->dom_off[d];
}
int flow_fact(const fn_ctx *fc, int key) { return fc->cur_facts ? facts_get(fc->cur_facts, key) : 0; }

static void heap_push(F *f, int b) {
  if (f->queued[b]) return;
  f->queued[b] = true;
  int i = f->nheap++;
  f->heap[i] = b;
  while (i > 0) {
    int p = (i - 1) / 2;
    if (f->rpo[f->heap[p]] <= f->rpo[f->heap[i]]) break;
    int t = f->heap[p];
    f->heap[p] = f->heap[i];
    f->heap[i] = t;
    i = p;
  }
}
static int heap_pop(F *f) {
  int top = f->heap[0];
  f->heap[0] = f->heap[--f->nheap];
  int i = 0;
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < f->nheap && f->rpo[f->heap[l]] < f->rpo[f->heap[m]]) m = l;
    if (r < f->nheap && f->rpo[f->heap[r]] < f->rpo[f->heap[m]]) m = r;
    if (m == i) break;
    int t = f->heap[m];
    f->heap[m] = f->heap[i];
    f->heap[i] = t;
    i = m;
  }
  f->queued[top] = false;
  return top;
}

static bool join_domains(F *f, unsigned char *dst, const unsigned char *src) {
  bool changed = false;
  for (int d = 0; d < ndomains; d++)
    if (f->dom_size[d] && domains[d]->join(&f->fc, dst + f->dom_off[d], src + f->dom_off[d]))
      changed = true;
  return changed;
}

static int live_index(const F *f, int key) {
  for (int i = 0; i < f->nlive_keys; i++)
    if (f->live_keys[i] == key) return i;
  return -1;
}

/* Drop the facts about keys no later branch can test at block `to`: they would only keep
 * partitions apart for nothing. */
static void drop_dead_facts(const F *f, int to, facts *fs) {
  int w = 0;
  for (int i = 0; i < fs->n; i++) {
    int li = live_index(f, fs->f[i].key);
    if (li >= 0 && (f->live_in[to] >> li & 1)) fs->f[w++] = fs->f[i];
  }
  fs->n = w;
}

/* Number of facts two partitions share. */
static int facts_common(const facts *a, const facts *b) {
  int n = 0;
  for (int i = 0; i < a->n; i++)
    if (facts_get(b, a->f[i].key) == a->f[i].val) n++;
  return n;
}

static void propagate(F *f, int to, const unsigned char *in) {
  if (f->reporting || f->rpo[to] < 0) return;
  memcpy(f->scratch3, in, f->blob);
  unsigned char *s = f->scratch3;
  drop_dead_facts(f, to, (facts *)s);
  pset *ps = &f->in[to];
  const facts *sf = (const facts *)s;
  bool changed = false;
  int i;
  for (i = 0; i < ps->n; i++)
    if (facts_equal((facts *)ps->parts[i], sf)) break;
  if (i < ps->n) {
    changed = join_domains(f, ps->parts[i], s);
  } else if (ps->n < FLOW_MAX_PARTS) {
    ps->parts[ps->n] = xmalloc(f->blob);
    memcpy(ps->parts[ps->n++], s, f->blob);
    changed = true;
  } else {
    /* full: merge into the partition sharing the most facts (facts only shrink, so this
     * terminates), then fold partitions whose facts became equal */
    int best = 0, bestn = -1;
    for (i = 0; i < ps->n; i++) {
      int c = facts_common((facts *)ps->parts[i], sf);
      if (c > bestn) {
        bestn = c;
        best = i;
      }
    }
    facts_meet((facts *)ps->parts[best], sf);
    join_domains(f, ps->parts[best], s);
    for (i = 0; i < ps->n; i++) {
      if (i == best || !facts_equal((facts *)ps->parts[i], (facts *)ps->parts[best])) continue;
      join_domains(f, ps->parts[best], ps->parts[i]);
      free(ps->parts[i]);
      ps->parts[i] = ps->parts[--ps->n];
      if (best == ps->n) best = i;
      i--;
    }
    changed = true;
  }
  if (changed) heap_push(f, to);
}

/* Keys whose facts matter: tested by some branch, plus locals copied into those. */
static void collect_live_keys(F *f) {
  const function *fn = f->fn;
  for (int b = 0; b < fn->nblocks; b++) {
    const value *t;
    bool nz;
    const block *bl = &fn->blocks[b];
    if (bl->cond && flow_decode_test(bl->cond, true, &t, &nz) && fact_key(f->tu, t) &&
        live_index(f, t->key) < 0 && f->nlive_keys < 64)
      f->live_keys[f->nlive_keys++] = t->key;
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (int b = 0; b < fn->nblocks; b++)
      for (int i = 0; i < fn->blocks[b].nev; i++) {
        const event *e = fn->blocks[b].ev[i];
        if (e->kind == EV_ASSIGN && e->lhs && e->rhs && live_index(f, e->lhs->key) >= 0 && fact_key(f->tu, e->rhs) &&
            live_index(f, e->rhs->key) < 0 && f->nlive_keys < 64) {
          f->live_keys[f->nlive_keys++] = e->rhs->key;
          grew = true;
        }
      }
  }
}

/* Backward liveness of the live keys over the CFG (exception edges included). */
static void compute_liveness(F *f) {
  const function *fn = f->fn;
  int n = fn->nblocks;
  f->live_in = xcalloc((size_t)n + 1, sizeof(uint64_t));
  collect_live_keys(f);
  if (!f->nlive_keys) return;
  for (bool changed = true; changed;) {
    changed = false;
    for (int k = f->norder - 1; k >= 0; k--) {
      int b = f->order[k];
      const block *bl = &fn->blocks[b];
      uint64_t live = 0;
      for (int i = 0; i < bl->nsucc; i++) live |= f->live_in[bl->succ[i].to];
      if (bl->exc >= 0) live |= f->live_in[bl->exc];
      const value *t;
      bool nz;
      int li;
      if (bl->cond && flow_decode_test(bl->cond, true, &t, &nz) && (li = live_index(f, t->key)) >= 0)
        live |= 1ull << li;
      for (int i = bl->nev - 1; i >= 0; i--) {
        const event *e = bl->ev[i];
        if (e->kind == EV_ASSIGN && e->lhs && (li = live_index(f, e->lhs->key)) >= 0) {
          bool was = live >> li & 1;
          live &= ~(1ull << li);
          int ri;
          if (was && e->rhs && (ri = live_index(f, e->rhs->key)) >= 0) live |= 1ull << ri;
        }
        if (bl->exc >= 0) live |= f->live_in[bl->exc];
      }
      if (live != f->live_in[b]) {
        f->live_in[b] = live;
        changed = true;
      }
    }
  }
}

static bool may_raise(const event *e) {
  if (e->kind == EV_ACCESS) return true;
  if (e->kind == EV_CALL) return !(e->callee && names_cannot_raise(e->callee));
  return false;
}

static void facts_transfer(F *f, facts *fs, const event *e) {
  if (e->kind == EV_ASSIGN && e->lhs && e->lhs->key >= 0) {
    int k = e->lhs->key;
    facts_del(fs, k);
    if (!fact_key(f->tu, e->lhs) || e->decl_uninit || !e->rhs) return;
    const value *r = e->rhs;
    if (r->is_const)
      facts_set(fs, k, r->ival ? FACT_NONZERO : FACT_ZERO);
    else if (r->kind == VK_STRING || r->kind == VK_FUNC || (r->kind == VK_ADDROF && r->base && r->base->key >= 0))
      facts_set(fs, k, FACT_NONZERO);
    else if (fact_key(f->tu, r) && facts_get(fs, r->key))
      facts_set(fs, k, facts_get(fs, r->key));
  } else if (e->kind == EV_CALL) {
    for (int i = 0; i < e->nargs; i++) {
      const value *a = e->args[i];
      if (a->kind == VK_ADDROF && a->base && a->base->key >= 0) facts_del(fs, a->base->key);
    }
  }
}

/* Apply the branch test to the facts; false if the edge cannot be taken. */
static bool facts_refine(F *f, facts *fs, const value *cond, bool taken) {
  const value *t;
  bool nz;
  if (!flow_decode_test(cond, taken, &t, &nz)) return true;
  if (!fact_key(f->tu, t)) return true;
  int want = nz ? FACT_NONZERO : FACT_ZERO, have = facts_get(fs, t->key);
  if (have && have != want) return false;
  facts_set(fs, t->key, want);
  return true;
}

static void transfer_block(F *f, int b, const unsigned char *in, flow_event_hook hook, void *user) {
  const block *bl = &f->fn->blocks[b];
  unsigned char *s = f->scratch;
  memcpy(s, in, f->blob);
  f->fc.cur_facts = (const facts *)s;
  for (int i = 0; i < bl->nev; i++) {
    const event *e = bl->ev[i];
    if (bl->exc >= 0 && may_raise(e)) propagate(f, bl->exc, s);
    if (f->reporting) {
      for (int d = 0; d < ndomains; d++)
        if (f->dom_size[d] && domains[d]->visit) domains[d]->visit(&f->fc, s + f->dom_off[d], e);
      if (hook) hook(&f->fc, s, e, user);
    }
    facts_transfer(f, (facts *)s, e);
    for (int d = 0; d < ndomains; d++)
      if (f->dom_size[d] && domains[d]->transfer) domains[d]->transfer(&f->fc, s + f->dom_off[d], e);
    if (e->kind == EV_EXIT && !f->reporting) {
      if (!f->have_exit) {
        memcpy(f->exit_acc, s, f->blob);
        f->have_exit = true;
      } else {
        join_domains(f, f->exit_acc, s);
      }
    }
  }
  if (bl->cond && bl->nsucc == 2) {
    for (int i = 0; i < 2; i++) {
      bool taken = bl->succ[i].kind == EDGE_TRUE;
      memcpy(f->scratch2, s, f->blob);
      f->fc.cur_facts = (const facts *)f->scratch2;
      if (!facts_refine(f, (facts *)f->scratch2, bl->cond, taken)) continue;
      for (int d = 0; d < ndomains; d++)
        if (f->dom_size[d] && domains[d]->refine)
          domains[d]->refine(&f->fc, f->scratch2 + f->dom_off[d], bl->cond, taken);
      propagate(f, bl->succ[i].to, f->scratch2);
    }
  } else {
    for (int i = 0; i < bl->nsucc; i++) propagate(f, bl->succ[i].to, s);
  }
  f->fc.cur_facts = NULL;
}

static void compute_rpo(F *f) {
  int n = f->fn->nblocks;
  f->rpo = xmalloc(sizeof(int) * (size_t)n);
  f->order = xmalloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) f->rpo[i] = -1;
  /* iterative DFS producing postorder */
  int *stack = xmalloc(sizeof(int) * (size_t)n * 2 + 2);
  int *post = xmalloc(sizeof(int) * (size_t)n);
  char *seen = xcalloc((size_t)n, 1);
  int sp = 0, np = 0;
  stack[sp++] = f->fn->entry;
  stack[sp++] = 0;
  seen[f->fn->entry] = 1;
  while (sp) {
    int b = stack[sp - 2], i = stack[sp - 1];
    const block *bl = &f->fn->blocks[b];
    int nsucc = bl->nsucc + (bl->exc >= 0);
    if (i < nsucc) {
      stack[sp - 1]++;
      int to = i < bl->nsucc ? bl->succ[i].to : bl->exc;
      if (!seen[to]) {
        seen[to] = 1;
        stack[sp++] = to;
        stack[sp++] = 0;
      }
    } else {
      post[np++] = b;
      sp -= 2;
    }
  }
  f->norder = np;
  for (int i = 0; i < np; i++) {
    f->order[i] = post[np - 1 - i];
    f->rpo[f->order[i]] = i;
  }
  free(stack);
  free(post);
  free(seen);
}

bool flow_run(const tu_model *tu, void **tu_data, int fn_index, flow_event_hook hook, void *user) {
  F f = {0};
  f.tu = tu;
  f.fn = &tu->fns[fn_index];
  f.fc.tu = tu;
  f.fc.fn = f.fn;
  f.fc.fn_index = fn_index;
  f.fc.tu_data = tu_data;
  f.fc.dom_data = f.dom_data;
  f.fc.dom_off = f.dom_off;
  f.fc.dom_size = f.dom_size;
  size_t off = (sizeof(facts) + 15) & ~(size_t)15;
  for (int d = 0; d < ndomains; d++) {
    size_t sz = domains[d]->setup ? domains[d]->setup(&f.fc) : 0;
    f.dom_off[d] = off;
    f.dom_size[d] = sz;
    off += (sz + 15) & ~(size_t)15;
  }
  f.blob = off;
  int n = f.fn->nblocks;
  f.in = xcalloc((size_t)n, sizeof(pset));
  f.heap = xmalloc(sizeof(int) * (size_t)n);
  f.queued = xcalloc((size_t)n, 1);
  f.scratch = xcalloc(1, f.blob);
  f.scratch2 = xcalloc(1, f.blob);
  f.scratch3 = xcalloc(1, f.blob);
  f.exit_acc = xcalloc(1, f.blob);
  compute_rpo(&f);
  compute_liveness(&f);

  unsigned char *entry = xcalloc(1, f.blob);
  for (int d = 0; d < ndomains; d++)
    if (f.dom_size[d] && domains[d]->init) domains[d]->init(&f.fc, entry + f.dom_off[d]);
  propagate(&f, f.fn->entry, entry);
  free(entry);

  long budget = 400L * n + 10000, steps = 0;
  bool precise = true;
  while (f.nheap) {
    int b = heap_pop(&f);
    if (++steps > budget || ((steps & 255) == 0 && limits_expired())) { /* reslimits.h: --timeout */
      precise = false;
      break;
    }
    pset *ps = &f.in[b];
    for (int p = 0; p < ps->n; p++) transfer_block(&f, b, ps->parts[p], NULL, NULL);
  }
  if (precise) {
    for (int d = 0; d < ndomains; d++)
      if (f.dom_size[d] && domains[d]->summarize) domains[d]->summarize(&f.fc, f.have_exit ? f.exit_acc + f.dom_off[d] : NULL);
    bool visit = hook != NULL;
    for (int d = 0; d < ndomains; d++)
      if (f.dom_size[d] && domains[d]->visit) visit = true;
    if (visit) {
      f.reporting = true;
      f.fc.reporting = true;
      for (int i = 0; i < f.norder; i++) {
        int b = f.order[i];
        for (int p = 0; p < f.in[b].n; p++) transfer_block(&f, b, f.in[b].parts[p], hook, user);
      }
    }
  }
  for (int d = 0; d < ndomains; d++)
    if (domains[d]->teardown) domains[d]->teardown(&f.fc);
  for (int b = 0; b < n; b++)
    for (int p = 0; p < f.in[b].n; p++) free(f.in[b].parts[p]);
  free(f.in);
  free(f.heap);
  free(f.queued);
  free(f.scratch);
  free(f.scratch2);
  free(f.scratch3);
  free(f.live_in);
  free(f.exit_acc);
  free(f.rpo);
  free(f.order);
  return precise;
}

int *flow_bottom_up_order(const tu_model *tu) {
  int n = tu->nfns;
  int *out = xmalloc(sizeof(int) * (size_t)(n + 1));
  char *state = xcalloc((size_t)n + 1, 1); /* 0 new, 1 on stack, 2 done */
  int *stack = xmalloc(sizeof(int) * 2 * (size_t)(n + 1));
  int no = 0;
  for (int root = 0; root < n; root++) {
    if (state[root]) continue;
    int sp = 0;
    stack[sp++] = root;
    stack[sp++] = 0;
    state[root] = 1;
    while (sp) {
      int fi = stack[sp - 2], ci = stack[sp - 1];
      const function *fn = &tu->fns[fi];
      if (ci < fn->ncalls) {
        stack[sp - 1]++;
        int callee = fn->calls[ci]->callee_fn;
        if (callee >= 0 && !state[callee]) {
          state[callee] = 1;
          stack[sp++] = callee;
          stack[sp++] = 0;
        }
      } else {
        state[fi] = 2;
        out[no++] = fi;
        sp -= 2;
      }
    }
  }
  free(state);
  free(stack);
  return out;
}
