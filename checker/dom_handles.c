/* Domain "handles": what happened to each MmSecureVirtualMemory[Ex] result.
 *
 * Each secure call site of a function is an acquisition; the state keeps, per acquisition,
 * the set of statuses it may have (domains.h: H_*), and per tracked storage location
 * (locals and fields that ever hold a handle) which acquisitions it may hold. Handles
 * passed to a same-TU function are judged with that function's summary (does it always
 * release its parameter?); other calls, stores through pointers, globals and returns make
 * the handle escape. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"

enum { MAXA = 32, MAXK = 32 };

typedef enum psum { PS_NONE, PS_RELEASES, PS_ESCAPES } psum;

typedef struct tu_data {
  unsigned char **param_sum; /* per function, per parameter: psum */
  int nfns;
} tu_data;

typedef struct fn_data {
  int na, nk;
  const event *acq_ev[MAXA]; /* NULL: pseudo-acquisition of parameter acq_param[a] */
  int acq_param[MAXA];
  const char *acq_name[MAXA];
  int acq_range[MAXA];
  int keys[MAXK];
  bool key_local[MAXK];
  int key_root[MAXK]; /* root variable of the key's access path */
  int *acq_of_call; /* by call index */
} fn_data;

/* state layout: uint8 st[na]; uint32 holds[nk]; uint8 kflags[nk]; int16 rel[na] */
#define ST(fd, s) ((uint8_t *)(s))
#define HOLDS(fd, s) ((uint32_t *)((uint8_t *)(s) + (((fd)->na + 3) & ~3)))
#define KFL(fd, s) ((uint8_t *)(HOLDS(fd, s) + (fd)->nk))
#define REL(fd, s) ((int16_t *)(KFL(fd, s) + (((fd)->nk + 1) & ~1)))

static int dom_index = -1;
int handles_domain_index(void) { return dom_index; }

static const char *const secure_names[] = {"MmSecureVirtualMemory", "MmSecureVirtualMemoryEx", NULL};
bool handles_is_secure(const char *callee) { return name_in(callee, secure_names); }
bool handles_is_unsecure(const char *callee) { return callee && !strcmp(callee, "MmUnsecureVirtualMemory"); }

static fn_data *FD(const fn_ctx *fc) { return fc->dom_data[dom_index]; }

static int key_slot(const fn_data *fd, int key) {
  if (key < 0) return -1;
  for (int i = 0; i < fd->nk; i++)
    if (fd->keys[i] == key) return i;
  return -1;
}
static bool add_key(fn_data *fd, const tu_model *tu, const value *v) {
  int key = v->key;
  if (key < 0 || key_slot(fd, key) >= 0 || fd->nk == MAXK) return false;
  fd->key_local[fd->nk] = value_is_local_storage(tu, v);
  fd->key_root[fd->nk] = value_root_var(v);
  fd->keys[fd->nk++] = key;
  return true;
}

static const value *released_arg(const fn_ctx *fc, const event *e) {
  if (e->kind != EV_CALL) return NULL;
  if (handles_is_unsecure(e->callee)) return e->nargs >= 1 ? e->args[0] : NULL;
  tu_data *td = fc->tu_data[dom_index];
  if (e->callee_fn >= 0 && td->param_sum[e->callee_fn]) {
    const function *cf = &fc->tu->fns[e->callee_fn];
    for (int i = 0; i < e->nargs && i < cf->nparams; i++)
      if (td->param_sum[e->callee_fn][i] == PS_RELEASES) return e->args[i];
  }
  return NULL;
}
const value *handles_released_arg(const fn_ctx *fc, const event *call) {
  return FD(fc) ? released_arg(fc, call) : NULL;
}

/* Same-TU callee that neither releases nor lets the handle escape: the caller keeps it. */
static bool callee_keeps(const fn_ctx *fc, const event *e, int argi) {
  tu_data *td = fc->tu_data[dom_index];
  if (e->callee_fn < 0 || !td->param_sum[e->callee_fn]) return false;
  return argi < fc->tu->fns[e->callee_fn].nparams && td->param_sum[e->callee_fn][argi] == PS_NONE;
}

static void each_event(const function *fn, void (*cb)(const function *, const event *, void *), void *u) {
  for (int b = 0; b < fn->nblocks; b++)
    for (int i = 0; i < fn->blocks[b].nev; i++) cb(fn, fn->blocks[b].ev[i], u);
}

static bool has_relevant_call(const fn_ctx *fc) {
  const function *fn = fc->fn;
  tu_data *td = fc->tu_data[dom_index];
  for (int i = 0; i < fn->ncalls; i++) {
    const event *e = fn->calls[i];
    if (handles_is_secure(e->callee) || handles_is_unsecure(e->callee)) return true;
    if (e->callee_fn >= 0 && td->param_sum[e->callee_fn])
      for (int j = 0; j < fc->tu->fns[e->callee_fn].nparams; j++)
        if (td->param_sum[e->callee_fn][j] == PS_RELEASES) return true;
  }
  return false;
}

typedef struct closure_ctx {
  const fn_ctx *fc;
  fn_data *fd;
} closure_ctx;

static bool closure_step(const event *e, void *u) {
  closure_ctx *c = u;
  fn_data *fd = c->fd;
  const tu_model *tu = c->fc->tu;
  if (e->kind == EV_CALL) {
    const value *r = released_arg(c->fc, e);
    return r && r->key >= 0 && add_key(fd, tu, r);
  }
  if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->key < 0 || !e->rhs) return false;
  const value *r = e->rhs;
  bool from_acq = r->kind == VK_CALL && handles_acq_of_call(c->fc, value_call_event(c->fc->fn, r)) >= 0;
  int rs = key_slot(fd, r->key), ls = key_slot(fd, e->lhs->key);
  bool changed = false;
  if ((from_acq || rs >= 0) && ls < 0) changed |= add_key(fd, tu, e->lhs);
  if (ls >= 0 && r->key >= 0 && rs < 0) changed |= add_key(fd, tu, r);
  return changed;
}

typedef struct name_ctx {
  fn_data *fd;
  const fn_ctx *fc;
} name_ctx;
static void name_cb(const function *fn, const event *e, void *u) {
  name_ctx *c = u;
  if (e->kind != EV_ASSIGN || !e->rhs || e->rhs->kind != VK_CALL) return;
  int a = handles_acq_of_call(c->fc, value_call_event(fn, e->rhs));
  if (a >= 0 && !c->fd->acq_name[a]) c->fd->acq_name[a] = e->lhs->text;
}

static size_t h_setup(fn_ctx *fc) {
  fc->dom_data[dom_index] = NULL;
  const function *fn = fc->fn;
  tu_data *td = fc->tu_data[dom_index];
  bool params_used = false;
  /* parameters: does this function release a handle it was given? */
  for (int i = 0; i < fn->ncalls && !params_used; i++)
    if (released_arg(fc, fn->calls[i])) params_used = true;
  if (!has_relevant_call(fc) && !params_used) return 0;
  fn_data *fd = xcalloc(1, sizeof *fd);
  fc->dom_data[dom_index] = fd;
  fd->acq_of_call = xmalloc(sizeof(int) * (size_t)(fn->ncalls + 1));
  for (int i = 0; i < fn->ncalls; i++) {
    fd->acq_of_call[i] = -1;
    const event *e = fn->calls[i];
    if (handles_is_secure(e->callee) && fd->na < MAXA) {
      int a = fd->na++;
      fd->acq_ev[a] = e;
      fd->acq_param[a] = -1;
      const value *base = e->nargs ? value_pointer_base(e->args[0]) : NULL;
      fd->acq_range[a] = base ? base->key : -1;
      fd->acq_of_call[i] = a;
    }
  }
  name_ctx nc = {fd, fc};
  each_event(fn, name_cb, &nc);
  closure_ctx cc = {fc, fd};
  function_closure(fn, 8, closure_step, &cc);
  /* parameter pseudo-acquisitions, for the summary */
  for (int p = 0; p < fn->nparams && fd->na < MAXA; p++) {
    int v = fn->params[p];
    char buf[32];
    snprintf(buf, sizeof buf, "v%d", v);
    int key = intern_find(&fc->tu->keys, buf); /* the key lower.c gives a variable */
    if (key_slot(fd, key) < 0) continue;
    int a = fd->na++;
    fd->acq_ev[a] = NULL;
    fd->acq_param[a] = p;
    fd->acq_range[a] = -1;
  }
  (void)td;
  size_t sz = (size_t)((fd->na + 3) & ~3) + sizeof(uint32_t) * (size_t)fd->nk + (size_t)((fd->nk + 1) & ~1) +
              sizeof(int16_t) * (size_t)fd->na;
  return sz;
}

static void h_teardown(fn_ctx *fc) {
  fn_data *fd = FD(fc);
  if (!fd) return;
  free(fd->acq_of_call);
  free(fd);
  fc->dom_data[dom_index] = NULL;
}

static void h_init(fn_ctx *fc, void *s) {
  fn_data *fd = FD(fc);
  for (int a = 0; a < fd->na; a++) {
    ST(fd, s)[a] = fd->acq_ev[a] ? H_NONE : H_NONNULL;
    REL(fd, s)[a] = -1;
  }
  for (int k = 0; k < fd->nk; k++) {
    HOLDS(fd, s)[k] = 0;
    KFL(fd, s)[k] = K_UNKNOWN;
  }
  for (int a = 0; a < fd->na; a++)
    if (!fd->acq_ev[a]) {
      char buf[32];
      snprintf(buf, sizeof buf, "v%d", fc->fn->params[fd->acq_param[a]]);
      int ks = key_slot(fd, intern_find(&fc->tu->keys, buf));
      if (ks >= 0) {
        HOLDS(fd, s)[ks] = 1u << a;
        KFL(fd, s)[ks] = 0;
      }
    }
}

static bool h_join(fn_ctx *fc, void *d, const void *s) {
  fn_data *fd = FD(fc);
  bool ch = false;
  for (int a = 0; a < fd->na; a++) {
    uint8_t n = ST(fd, d)[a] | ST(fd, s)[a];
    ch |= n != ST(fd, d)[a];
    ST(fd, d)[a] = n;
    int16_t rs = REL(fd, s)[a], rd = REL(fd, d)[a];
    if (rs >= 0 && (rd < 0 || rs < rd)) {
      REL(fd, d)[a] = rs;
      ch = true;
    }
  }
  for (int k = 0; k < fd->nk; k++) {
    uint32_t h = HOLDS(fd, d)[k] | HOLDS(fd, s)[k];
    uint8_t f = KFL(fd, d)[k] | KFL(fd, s)[k];
    ch |= h != HOLDS(fd, d)[k] || f != KFL(fd, d)[k];
    HOLDS(fd, d)[k] = h;
    KFL(fd, d)[k] = f;
  }
  return ch;
}

/* The acquisitions in m now have status `to` where they were held (or stored). */
static void move_held(fn_data *fd, void *s, uint32_t m, uint8_t to) {
  uint8_t from = H_UNCHECKED | H_NONNULL | (to == H_ESCAPED ? H_STORED : 0);
  for (int a = 0; a < fd->na; a++)
    if (m >> a & 1) {
      uint8_t st = ST(fd, s)[a];
      if (st & from) ST(fd, s)[a] = (uint8_t)((st & ~from) | to);
    }
}
static void escape_mask(fn_data *fd, void *s, uint32_t m) { move_held(fd, s, m, H_ESCAPED); }

/* A pointer reaching stored fields was handed to someone else: those handles escape. */
static void escape_stored_under(fn_data *fd, void *s, int root) {
  if (root < 0) return;
  for (int k = 0; k < fd->nk; k++)
    if (!fd->key_local[k] && fd->key_root[k] == root) escape_mask(fd, s, HOLDS(fd, s)[k]);
}

static void h_transfer(fn_ctx *fc, void *s, const event *e) {
  fn_data *fd = FD(fc);
  const function *fn = fc->fn;
  if (e->kind == EV_CALL) {
    int a = handles_acq_of_call(fc, e);
    if (a >= 0) {
      /* an assigned result gets its status at the assignment, so that the overwrite of
       * an older handle from the same site is still seen there */
      if (e->use != RU_ASSIGNED) {
        ST(fd, s)[a] = H_ESCAPED;
        REL(fd, s)[a] = -1;
      }
      return;
    }
    const value *rel = released_arg(fc, e);
    if (rel) {
      int ks = key_slot(fd, rel->key);
      if (ks >= 0)
        for (int b = 0; b < fd->na; b++)
          if (HOLDS(fd, s)[ks] >> b & 1) {
            ST(fd, s)[b] = H_RELEASED | (ST(fd, s)[b] & (H_NULL | H_NONE | H_ESCAPED));
            if (REL(fd, s)[b] < 0) REL(fd, s)[b] = (int16_t)e->result->call;
          }
    }
    for (int i = 0; i < e->nargs; i++) {
      const value *arg = e->args[i];
      if (arg == rel) continue;
      if (!handles_is_unsecure(e->callee) && !callee_keeps(fc, e, i))
        escape_stored_under(fd, s, value_root_var(arg));
      const value *base = arg->kind == VK_ADDROF ? arg->base : arg;
      int ks = base ? key_slot(fd, base->key) : -1;
      if (ks < 0) continue;
      if (arg->kind == VK_ADDROF) {
        escape_mask(fd, s, HOLDS(fd, s)[ks]);
        HOLDS(fd, s)[ks] = 0;
        KFL(fd, s)[ks] = K_UNKNOWN;
      } else if (!handles_is_unsecure(e->callee) && !callee_keeps(fc, e, i)) {
        escape_mask(fd, s, HOLDS(fd, s)[ks]);
      }
    }
    return;
  }
  if (e->kind == EV_RETURN && e->val) {
    int ks = key_slot(fd, e->val->key);
    if (ks >= 0) escape_mask(fd, s, HOLDS(fd, s)[ks]);
    return;
  }
  if (e->kind != EV_ASSIGN || !e->lhs) return;
  int ls = key_slot(fd, e->lhs->key);
  const value *r = e->rhs;
  uint32_t nh = 0;
  uint8_t nf = K_UNKNOWN;
  if (e->decl_uninit) {
    nf = K_EMPTY;
  } else if (r && r->kind == VK_CALL) {
    const event *ce = value_call_event(fn, r);
    int a = handles_acq_of_call(fc, ce);
    if (a >= 0) {
      nh = 1u << a;
      nf = 0;
      ST(fd, s)[a] = H_UNCHECKED;
      REL(fd, s)[a] = -1;
    } else if (ce && handles_is_secure(ce->callee)) {
      nf = K_UNTRACKED; /* more secure sites than the domain tracks */
    }
  } else if (r && r->is_const && r->ival == 0) {
    nf = K_NULLC;
  } else if (r) {
    int rs = key_slot(fd, r->key);
    if (rs >= 0) {
      nh = HOLDS(fd, s)[rs];
      nf = KFL(fd, s)[rs];
    }
  }
  if (nh && ls < 0) escape_mask(fd, s, nh);
  else if (nh && !fd->key_local[ls]) {
    /* a field through a pointer: stored there; a global: gone */
    int root = fd->key_root[ls];
    bool global = root < 0 || fc->tu->vars[root].kind == VAR_GLOBAL;
    move_held(fd, s, nh, global ? H_ESCAPED : H_STORED);
  }
  if (ls >= 0) {
    HOLDS(fd, s)[ls] = nh;
    KFL(fd, s)[ls] = nf;
  }
}

static void h_refine(fn_ctx *fc, void *s, const value *cond, bool taken) {
  fn_data *fd = FD(fc);
  const value *t;
  bool nz;
  if (!flow_decode_test(cond, taken, &t, &nz)) return;
  int ks = key_slot(fd, t->key);
  if (ks < 0) return;
  uint32_t m = HOLDS(fd, s)[ks];
  for (int a = 0; a < fd->na; a++) {
    if (!(m >> a & 1)) continue;
    uint8_t st = ST(fd, s)[a];
    if (nz) {
      if (st & H_UNCHECKED) st = (uint8_t)((st & ~H_UNCHECKED) | H_NONNULL);
    } else if (st & (H_UNCHECKED | H_NONNULL | H_STORED)) {
      st = (uint8_t)((st & ~(H_UNCHECKED | H_NONNULL | H_STORED)) | H_NULL);
    }
    ST(fd, s)[a] = st;
  }
  if (nz) KFL(fd, s)[ks] &= (uint8_t)~K_NULLC;
  else if (!m) KFL(fd, s)[ks] |= 0;
}

static void h_summarize(fn_ctx *fc, const void *s) {
  fn_data *fd = FD(fc);
  tu_data *td = fc->tu_data[dom_index];
  const function *fn = fc->fn;
  for (int a = 0; a < fd->na; a++) {
    if (fd->acq_ev[a]) continue;
    if (!td->param_sum[fc->fn_index]) td->param_sum[fc->fn_index] = xcalloc((size_t)fn->nparams + 1, 1);
    uint8_t st = s ? ST(fd, s)[a] : 0;
    psum p = st == H_RELEASED ? PS_RELEASES : (st & (H_RELEASED | H_ESCAPED | H_STORED)) ? PS_ESCAPES : PS_NONE;
    td->param_sum[fc->fn_index][fd->acq_param[a]] = (unsigned char)p;
  }
}

static void *h_tu_init(const tu_model *tu) {
  tu_data *td = xcalloc(1, sizeof *td);
  td->param_sum = xcalloc((size_t)tu->nfns + 1, sizeof(unsigned char *));
  td->nfns = tu->nfns;
  return td;
}
static void h_tu_free(void *p) {
  tu_data *td = p;
  if (!td) return;
  for (int i = 0; i < td->nfns; i++) free(td->param_sum[i]);
  free(td->param_sum);
  free(td);
}

/* ---- queries ------------------------------------------------------------------------ */

int handles_acq_of_call(const fn_ctx *fc, const event *call) {
  fn_data *fd = FD(fc);
  if (!fd || !call || call->kind != EV_CALL || !call->result) return -1;
  int ci = call->result->call;
  return ci >= 0 && ci < fc->fn->ncalls ? fd->acq_of_call[ci] : -1;
}
int handles_acq_count(const fn_ctx *fc) { return FD(fc) ? FD(fc)->na : 0; }
bool handles_active(const fn_ctx *fc) { return FD(fc) != NULL; }
const event *handles_acq_event(const fn_ctx *fc, int a) { return FD(fc)->acq_ev[a]; }
const char *handles_acq_name(const fn_ctx *fc, int a) { return FD(fc)->acq_name[a]; }
int handles_acq_range_key(const fn_ctx *fc, int a) { return FD(fc)->acq_range[a]; }
unsigned handles_status(const fn_ctx *fc, const void *blob, int a) {
  const void *s = flow_dom_state(fc, (void *)blob, dom_index);
  return s ? ST(FD(fc), s)[a] : 0;
}
bool handles_holds(const fn_ctx *fc, const void *blob, const value *v, unsigned *acqs, unsigned *flags) {
  fn_data *fd = FD(fc);
  if (!fd || !v) return false;
  const void *s = flow_dom_state(fc, (void *)blob, dom_index);
  int ks = key_slot(fd, v->key);
  if (ks < 0 || !s) return false;
  *acqs = HOLDS(fd, s)[ks];
  *flags = KFL(fd, s)[ks];
  return true;
}
unsigned handles_held_elsewhere(const fn_ctx *fc, const void *blob, int key) {
  fn_data *fd = FD(fc);
  const void *s = flow_dom_state(fc, (void *)blob, dom_index);
  unsigned m = 0;
  for (int k = 0; k < fd->nk; k++)
    if (fd->keys[k] != key) m |= HOLDS(fd, s)[k];
  return m;
}
int handles_release_call(const fn_ctx *fc, const void *blob, int a) {
  fn_data *fd = FD(fc);
  const void *s = flow_dom_state(fc, (void *)blob, dom_index);
  return s ? REL(fd, s)[a] : -1;
}

bool handles_secured_here(const fn_ctx *fc, const void *blob, int key) {
  fn_data *fd = FD(fc);
  if (!fd || !blob) return false;
  const void *s = flow_dom_state(fc, (void *)blob, dom_index);
  int ks = key_slot(fd, key);
  if (!s || ks < 0 || (KFL(fd, s)[ks] & K_UNKNOWN)) return false;
  if (KFL(fd, s)[ks] & K_UNTRACKED) return true;
  for (int a = 0; a < fd->na; a++)
    if ((HOLDS(fd, s)[ks] >> a & 1) && !fd->acq_ev[a]) return false; /* a parameter's handle */
  return true;
}

static const domain handles_domain = {
    "handles", h_tu_init, h_tu_free, h_setup, h_teardown, h_init, h_join, h_transfer, h_refine, h_summarize,
};

void handles_register(void) { dom_index = flow_register_domain(&handles_domain); }
