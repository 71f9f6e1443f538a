/* Domain "mdl": system addresses from MmGetSystemAddressForMdlSafe and
 * MmMapLockedPagesSpecifyCache, which return NULL when the mapping fails.
 *
 * Each mapping call of a function is a bit; the state keeps, per mapping, the set of
 * statuses it may have on the paths reaching a point (not mapped yet, unchecked, tested
 * non-NULL, tested NULL) and, per tracked storage location, the mappings it may hold.
 * mingw-w64 writes MmGetSystemAddressForMdlSafe as a conditional expression whose second
 * arm calls MmMapLockedPagesSpecifyCache; the lowering places that call at the macro use,
 * so both spellings are the same mapping call here. A mapping with AccessMode UserMode
 * raises instead of returning NULL and is not tracked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"

enum { MAXA = 32, MAXK = 32 };
enum { M_NONE = 1, M_UNCHECKED = 2, M_NONNULL = 4, M_NULL = 8 };

typedef struct fn_data {
  int na, nk;
  const event *acq[MAXA];
  const char *name[MAXA];
  int keys[MAXK];
} fn_data;

/* state layout: uint8 st[na] (padded to 4); uint32 holds[nk] */
#define ST(fd, s) ((uint8_t *)(s))
#define HOLDS(fd, s) ((uint32_t *)((uint8_t *)(s) + (((fd)->na + 3) & ~3)))

static int dom_index = -1;
static fn_data *FD(const fn_ctx *fc) { return dom_index >= 0 ? fc->dom_data[dom_index] : NULL; }

static bool is_mapping(const event *e) {
  if (e->kind != EV_CALL || !e->callee) return false;
  if (!strcmp(e->callee, "MmGetSystemAddressForMdlSafe")) return true;
  if (strcmp(e->callee, "MmMapLockedPagesSpecifyCache")) return false;
  /* AccessMode UserMode (1): the routine raises on failure */
  return !(e->nargs >= 2 && e->args[1]->is_const && e->args[1]->ival == 1);
}

static int acq_of_value(const fn_ctx *fc, const fn_data *fd, const value *v) {
  const event *e = value_call_event(fc->fn, v);
  for (int a = 0; e && a < fd->na; a++)
    if (fd->acq[a] == e) return a;
  return -1;
}

static int key_slot(const fn_data *fd, int key) {
  if (key < 0) return -1;
  for (int i = 0; i < fd->nk; i++)
    if (fd->keys[i] == key) return i;
  return -1;
}

/* Mappings (direct calls and tracked locations) the value may hold, without state:
 * bit a for a call node, and the slots in *slots. */
static uint32_t direct_acqs(const fn_ctx *fc, const fn_data *fd, const value *v, bool loads, uint32_t *slots) {
  const value *nodes[16];
  uint32_t m = 0;
  *slots = 0;
  int n = user_pointer_nodes(v, loads, nodes, 16);
  for (int i = 0; i < n; i++) {
    int a = nodes[i]->kind == VK_CALL ? acq_of_value(fc, fd, nodes[i]) : -1;
    if (a >= 0) m |= 1u << a;
    int k = key_slot(fd, nodes[i]->key);
    if (k >= 0) *slots |= 1u << k;
  }
  return m;
}

static uint32_t held(const fn_data *fd, const void *s, uint32_t slots) {
  uint32_t m = 0;
  for (int k = 0; k < fd->nk; k++)
    if (slots >> k & 1) m |= HOLDS(fd, s)[k];
  return m;
}

typedef struct track_ctx {
  const fn_ctx *fc;
  fn_data *fd;
} track_ctx;

/* A location assigned a mapping (or a copy of one) is tracked. */
static bool track_step(const event *e, void *u) {
  track_ctx *t = u;
  fn_data *fd = t->fd;
  if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->key < 0 || !e->rhs || key_slot(fd, e->lhs->key) >= 0) return false;
  uint32_t slots, m = direct_acqs(t->fc, fd, e->rhs, false, &slots);
  if (!(m || slots) || fd->nk >= MAXK) return false;
  fd->keys[fd->nk++] = e->lhs->key;
  for (int a = 0; a < fd->na; a++)
    if ((m >> a & 1) && !fd->name[a]) fd->name[a] = e->lhs->text;
  return true;
}

static void track_keys(const fn_ctx *fc, fn_data *fd) {
  track_ctx t = {fc, fd};
  function_closure(fc->fn, 8, track_step, &t);
}

static size_t m_setup(fn_ctx *fc) {
  fc->dom_data[dom_index] = NULL;
  const function *fn = fc->fn;
  fn_data tmp = {0};
  for (int i = 0; i < fn->ncalls && tmp.na < MAXA; i++)
    if (is_mapping(fn->calls[i])) tmp.acq[tmp.na++] = fn->calls[i];
  if (!tmp.na) return 0;
  fn_data *fd = xmalloc(sizeof *fd);
  *fd = tmp;
  track_keys(fc, fd);
  fc->dom_data[dom_index] = fd;
  return (size_t)((fd->na + 3) & ~3) + sizeof(uint32_t) * (size_t)fd->nk;
}

static void m_teardown(fn_ctx *fc) {
  free(FD(fc));
  if (dom_index >= 0) fc->dom_data[dom_index] = NULL;
}

static void m_init(fn_ctx *fc, void *s) {
  fn_data *fd = FD(fc);
  for (int a = 0; a < fd->na; a++) ST(fd, s)[a] = M_NONE;
  for (int k = 0; k < fd->nk; k++) HOLDS(fd, s)[k] = 0;
}

static bool m_join(fn_ctx *fc, void *d, const void *s) {
  fn_data *fd = FD(fc);
  bool ch = false;
  for (int a = 0; a < fd->na; a++) {
    uint8_t n = ST(fd, d)[a] | ST(fd, s)[a];
    ch |= n != ST(fd, d)[a];
    ST(fd, d)[a] = n;
  }
  for (int k = 0; k < fd->nk; k++) {
    uint32_t h = HOLDS(fd, d)[k] | HOLDS(fd, s)[k];
    ch |= h != HOLDS(fd, d)[k];
    HOLDS(fd, d)[k] = h;
  }
  return ch;
}

static void m_transfer(fn_ctx *fc, void *s, const event *e) {
  fn_data *fd = FD(fc);
  if (e->kind == EV_CALL) {
    int a = is_mapping(e) ? acq_of_value(fc, fd, e->result) : -1;
    if (a >= 0) ST(fd, s)[a] = M_UNCHECKED;
    for (int i = 0; i < e->nargs; i++) { /* &p passed out: p may now hold anything */
      const value *x = e->args[i];
      int k = x->kind == VK_ADDROF && x->base ? key_slot(fd, x->base->key) : -1;
      if (k >= 0) HOLDS(fd, s)[k] = 0;
    }
    return;
  }
  if (e->kind != EV_ASSIGN || !e->lhs) return;
  int k = key_slot(fd, e->lhs->key);
  if (k < 0) return;
  uint32_t slots = 0, m = 0;
  if (e->rhs && !e->decl_uninit) {
    m = direct_acqs(fc, fd, e->rhs, false, &slots);
    for (int a = 0; a < fd->na; a++)
      if (m >> a & 1) ST(fd, s)[a] = M_UNCHECKED;
    m |= held(fd, s, slots);
  }
  HOLDS(fd, s)[k] = m;
}

static void m_refine(fn_ctx *fc, void *s, const value *cond, bool taken) {
  fn_data *fd = FD(fc);
  const value *t;
  bool nz;
  if (!flow_decode_test(cond, taken, &t, &nz)) return;
  uint32_t slots;
  direct_acqs(fc, fd, t, false, &slots);
  uint32_t m = held(fd, s, slots);
  for (int a = 0; a < fd->na; a++) {
    if (!(m >> a & 1)) continue;
    uint8_t st = ST(fd, s)[a];
    if (!(st & (M_UNCHECKED | M_NONNULL))) continue;
    ST(fd, s)[a] = (uint8_t)((st & ~(M_UNCHECKED | M_NONNULL)) | (nz ? M_NONNULL : M_NULL));
  }
}

/* ---- queries --------------------------------------------------------------------------- */

unsigned mdl_unchecked(const fn_ctx *fc, const void *blob, const value *v, bool loads) {
  fn_data *fd = FD(fc);
  const void *s = fd ? flow_dom_state(fc, (void *)blob, dom_index) : NULL;
  if (!s || !v) return 0;
  uint32_t slots, m = direct_acqs(fc, fd, v, loads, &slots) | held(fd, s, slots), out = 0;
  for (int a = 0; a < fd->na; a++)
    if ((m >> a & 1) && (ST(fd, s)[a] & M_UNCHECKED)) out |= 1u << a;
  return out;
}

const event *mdl_map_event(const fn_ctx *fc, int a) { return FD(fc)->acq[a]; }
const char *mdl_map_name(const fn_ctx *fc, int a) { return FD(fc)->name[a]; }

static const domain mdl_domain = {
    "mdl", NULL, NULL, m_setup, m_teardown, m_init, m_join, m_transfer, m_refine, NULL,
};

void mdl_register(void) { dom_index = flow_register_domain(&mdl_domain); }
