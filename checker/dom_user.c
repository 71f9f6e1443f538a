/* Domain "user": which pointers point into user-mode memory, and whether an access to
 * them is covered by __try/__except.
 *
 * Sources of user pointers (RULES.md "User pointer"): Irp->UserBuffer,
 * ...DeviceIoControl.Type3InputBuffer, the FLT_PARAMETERS buffers (ReadBuffer,
 * DirectoryBuffer, Neither/FastIo InputBuffer/OutputBuffer, ...), the buffer a
 * FltDecodeParameters call returns, and every pointer this function passes to
 * ProbeForRead/ProbeForWrite or as Address to MmSecureVirtualMemory[Ex] (marked at entry:
 * it is user on every path of the function). Each source occurrence gets a bit; the state
 * keeps, per tracked storage location, the bits of the sources it may hold ("user") and
 * those read in a post-operation callback on a path where the buffer was not known safe
 * ("unsafe": postop-buffer-unsafe's findings). Pointer parameters get pseudo-source bits so
 * that a helper's accesses to its parameters become a summary: a call passing a user
 * pointer to such a parameter is the access (reported at the call).
 *
 * Path flags (true on every path reaching a point): the requestor was tested to be
 * KernelMode; FLT_IS_SYSTEM_BUFFER or FLT_IS_FASTIO_OPERATION was tested true (SAFE);
 * FLT_IS_SYSTEM_BUFFER was tested true (SYS: FLT_PARAMETERS buffers are system buffers).
 *
 * TU data: which functions are covered by their callers (every call site inside a
 * __try/__except body), which are post-operation callbacks, which handle only
 * IRP_MJ_INTERNAL_DEVICE_CONTROL (there UserBuffer and Type3InputBuffer come from kernel
 * drivers and are not sources), and the per-parameter access summaries. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"
#include "names.h"
#include "user_facts.h"

enum { MAXS = 64, MAXK = 64, MAXMODE = 8, MAXDEC = 4 };
enum { F_KMODE = 1, F_SAFE = 2, F_SYS = 4 };
/* FLT_CALLBACK_DATA Flags bits tested by FLT_IS_SYSTEM_BUFFER / FLT_IS_FASTIO_OPERATION. */
enum { FLT_FLAG_FAST_IO = 0x2, FLT_FLAG_SYSTEM_BUFFER = 0x8 };

typedef enum skind { S_PARAM, S_FIELD, S_FLT, S_DECODE, S_PROBE } skind;

typedef struct source {
  skind kind;
  const value *v;     /* the source expression (S_FIELD, S_FLT, S_DECODE) */
  const event *probe; /* S_PROBE: the probing call */
  int param;          /* S_PARAM: parameter index */
} source;

typedef struct tu_data {
  int nfns;
  bool *covered;       /* every call site is covered (and there is at least one) */
  bool *postop;        /* a minifilter post-operation callback */
  bool *internal_only; /* registered only as the IRP_MJ_INTERNAL_DEVICE_CONTROL routine */
  loc **param_acc;     /* per function, per parameter: first access outside its own __try */
} tu_data;

typedef struct fn_data {
  int ns, nk, nmode, ndec;
  source src[MAXS];
  int keys[MAXK];
  uint64_t init[MAXK]; /* bits a location holds at entry (parameters, probed pointers) */
  int mode_keys[MAXMODE];
  int dec_keys[MAXDEC]; /* locals whose address is FltDecodeParameters' Buffer argument */
  uint64_t param_bits;
  uint64_t flt_bits; /* FLT_PARAMETERS buffers (and FltDecodeParameters buffers) */
  loc *param_acc; /* accesses of parameter-derived pointers found so far */
  struct alias {
    const value *v;
    int id;
  } *alias; /* source occurrences beyond MAXS, sharing an earlier occurrence's id */
  int nalias, capalias;
  bool postop, internal_only;
} fn_data;

/* state layout: uint64 user[nk]; uint64 unsafe[nk]; uint8 flags */
#define UMASK(fd, s) ((uint64_t *)(s))
#define XMASK(fd, s) ((uint64_t *)(s) + (fd)->nk)
#define FLAGS(fd, s) (*((uint8_t *)((uint64_t *)(s) + 2 * (fd)->nk)))

static int dom_index = -1;
int user_domain_index(void) { return dom_index; }
static fn_data *FD(const fn_ctx *fc) { return dom_index >= 0 ? fc->dom_data[dom_index] : NULL; }
static tu_data *TD(const fn_ctx *fc) { return fc->tu_data[dom_index]; }

static const char *const probe_names[] = {"ProbeForRead", "ProbeForWrite", "MmProbeAndLockPages", NULL};
bool user_is_probe(const char *callee) { return name_in(callee, probe_names); }

/* ---- recognising sources -------------------------------------------------------------- */

static bool is_field(const value *v, const char *name) {
  return v && v->kind == VK_FIELD && v->name && !strcmp(v->name, name);
}
static bool field_in(const value *v, const char *const *names) {
  return v && v->kind == VK_FIELD && v->name && name_in(v->name, names);
}

/* An FLT_PARAMETERS buffer: Parameters.<Operation>.<Buffer>. */
static bool is_flt_buffer(const value *v) {
  static const char *const read[] = {"Read", NULL}, *const write[] = {"Write", NULL};
  static const char *const dir[] = {"QueryDirectory", "NotifyDirectory", "NotifyDirectoryEx", NULL};
  static const char *const ea[] = {"QueryEa", "SetEa", NULL}, *const quota[] = {"QueryQuota", "SetQuota", NULL};
  static const char *const sec[] = {"QuerySecurity", NULL}, *const neither[] = {"Neither", "FastIo", NULL};
  static const char *const direct[] = {"Direct", NULL};
  static const struct {
    const char *field;
    const char *const *parents;
  } tab[] = {{"ReadBuffer", read},   {"WriteBuffer", write}, {"DirectoryBuffer", dir},   {"EaBuffer", ea},
             {"QuotaBuffer", quota}, {"SecurityBuffer", sec}, {"InputBuffer", neither}, {"OutputBuffer", neither},
             {"OutputBuffer", direct}};
  if (!v || v->kind != VK_FIELD || v->arrow || !v->name || !v->base || v->base->kind != VK_FIELD) return false;
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (!strcmp(v->name, tab[i].field) && field_in(v->base, tab[i].parents)) return true;
  return false;
}

static int key_slot(const fn_data *fd, int key) {
  if (key < 0) return -1;
  for (int i = 0; i < fd->nk; i++)
    if (fd->keys[i] == key) return i;
  return -1;
}
static int add_key(fn_data *fd, int key) {
  int s = key_slot(fd, key);
  if (s >= 0 || key < 0 || fd->nk == MAXK) return s;
  fd->init[fd->nk] = 0;
  fd->keys[fd->nk] = key;
  return fd->nk++;
}
static bool in_list(const int *list, int n, int key) {
  for (int i = 0; i < n && key >= 0; i++)
    if (list[i] == key) return true;
  return false;
}

/* The source kind of a node (without a source id), or -1. */
static int node_kind(const fn_data *fd, const value *v) {
  if (is_field(v, "UserBuffer") && v->arrow) return fd->internal_only ? -1 : S_FIELD;
  if (is_field(v, "Type3InputBuffer")) return fd->internal_only ? -1 : S_FIELD;
  if (is_flt_buffer(v)) return S_FLT;
  /* configured sources (.drvcheck.yml user-pointer-sources): a field or a routine's result */
  if ((v->kind == VK_FIELD || v->kind == VK_CALL) && v->name && names_is_user_source(v->name)) return S_FIELD;
  if (v->kind == VK_DEREF && v->base && v->base->kind == VK_VAR && in_list(fd->dec_keys, fd->ndec, v->base->key))
    return S_DECODE;
  return -1;
}

static int source_of(const fn_data *fd, const value *v) {
  for (int i = 0; i < fd->ns; i++)
    if (fd->src[i].v == v) return i;
  for (int i = 0; i < fd->nalias; i++)
    if (fd->alias[i].v == v) return fd->alias[i].id;
  return -1;
}

/* A new source id, or -1 when every bit is taken. */
static int add_source(fn_data *fd, source s) {
  if (fd->ns == MAXS) return -1;
  fd->src[fd->ns] = s;
  if (s.kind == S_FLT || s.kind == S_DECODE) fd->flt_bits |= 1ull << fd->ns;
  return fd->ns++;
}

static void source_cb(const value *v, void *u) {
  fn_data *fd = u;
  int k = node_kind(fd, v);
  if (k < 0 || source_of(fd, v) >= 0 || add_source(fd, (source){(skind)k, v, NULL, -1}) >= 0) return;
  /* out of bits: share the id of an earlier occurrence of the same expression */
  for (int i = 0; i < fd->ns; i++)
    if (fd->src[i].kind == (skind)k && fd->src[i].v && v->key >= 0 && fd->src[i].v->key == v->key) {
      struct alias a = {v, i};
      VEC_PUSH(fd->alias, fd->nalias, fd->capalias, a);
      return;
    }
}

/* ---- setup ------------------------------------------------------------------------------ */

static bool is_mode_value(const fn_data *fd, const value *v) {
  if (!v) return false;
  if (is_field(v, "RequestorMode")) return true;
  if (v->kind == VK_CALL && v->name && !strcmp(v->name, "ExGetPreviousMode")) return true;
  return v->kind == VK_VAR && in_list(fd->mode_keys, fd->nmode, v->key);
}

/* Locals every assignment of which stores a processor mode. */
static void find_mode_keys(const fn_ctx *fc, fn_data *fd) {
  int bad[MAXK], nbad = 0;
  const function *fn = fc->fn;
  for (int pass = 0; pass < 2; pass++)
    for (int b = 0; b < fn->nblocks; b++)
      for (int i = 0; i < fn->blocks[b].nev; i++) {
        const event *e = fn->blocks[b].ev[i];
        if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->kind != VK_VAR || e->decl_uninit) continue;
        int key = e->lhs->key;
        bool mode = e->rhs && is_mode_value(fd, e->rhs);
        if (pass == 0 && mode && fd->nmode < MAXMODE && !in_list(fd->mode_keys, fd->nmode, key))
          fd->mode_keys[fd->nmode++] = key;
        if (pass == 1 && !mode && nbad < MAXK) bad[nbad++] = key;
      }
  int w = 0;
  for (int i = 0; i < fd->nmode; i++)
    if (!in_list(bad, nbad, fd->mode_keys[i])) fd->mode_keys[w++] = fd->mode_keys[i];
  fd->nmode = w;
}

/* Pointers probed or secured in this function, and FltDecodeParameters buffers. */
static void find_probes(const fn_ctx *fc, fn_data *fd) {
  const function *fn = fc->fn;
  for (int i = 0; i < fn->ncalls; i++) {
    const event *e = fn->calls[i];
    if (!e->callee) continue;
    bool probe = !strcmp(e->callee, "ProbeForRead") || !strcmp(e->callee, "ProbeForWrite") ||
                 handles_is_secure(e->callee);
    if (probe && e->nargs >= 1) {
      const value *base = value_pointer_base(e->args[0]);
      if (base && base->key >= 0 && node_kind(fd, base) < 0) {
        int id = add_source(fd, (source){S_PROBE, base, e, -1});
        int s = id >= 0 ? add_key(fd, base->key) : -1;
        if (s >= 0) fd->init[s] |= 1ull << id;
      }
    }
    if (!strcmp(e->callee, "FltDecodeParameters") && e->nargs >= 3 && e->args[2]->kind == VK_ADDROF &&
        e->args[2]->base && e->args[2]->base->kind == VK_VAR && fd->ndec < MAXDEC)
      fd->dec_keys[fd->ndec++] = e->args[2]->base->key;
  }
}

/* True if the value may carry a user pointer: a source, a tracked location or a
 * parameter (syntactically, for choosing the locations to track). */
static bool may_carry(const fn_data *fd, const value *v) {
  const value *nodes[16];
  int n = user_pointer_nodes(v, false, nodes, 16);
  for (int i = 0; i < n; i++)
    if (node_kind(fd, nodes[i]) >= 0 || key_slot(fd, nodes[i]->key) >= 0) return true;
  return false;
}

/* Keys derived from a struct key by a member path: lhs "K.f" for each tracked "R.f". */
static bool add_struct_copies(const fn_ctx *fc, fn_data *fd, int lkey, int rkey) {
  bool changed = false;
  const char *ln = tu_key_name(fc->tu, lkey), *rn = tu_key_name(fc->tu, rkey);
  size_t rl = strlen(rn);
  for (int k = 0; k < fd->nk; k++) {
    const char *kn = tu_key_name(fc->tu, fd->keys[k]);
    if (strncmp(kn, rn, rl) || kn[rl] != '.') continue;
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s", ln, kn + rl);
    int nk = intern_find(&fc->tu->keys, buf);
    if (nk >= 0 && key_slot(fd, nk) < 0 && add_key(fd, nk) >= 0) changed = true;
  }
  return changed;
}

typedef struct track_ctx {
  const fn_ctx *fc;
  fn_data *fd;
} track_ctx;

/* A location assigned something that may carry a user pointer is tracked (struct copies
 * carry their fields). */
static bool track_step(const event *e, void *u) {
  track_ctx *t = u;
  fn_data *fd = t->fd;
  bool changed = false;
  if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->key < 0 || !e->rhs) return false;
  if (key_slot(fd, e->lhs->key) < 0 && may_carry(fd, e->rhs) && add_key(fd, e->lhs->key) >= 0) changed = true;
  if (e->rhs->key >= 0 && e->rhs->kind == VK_VAR && e->lhs->kind == VK_VAR && t->fc->tu->vars[e->rhs->var].is_struct)
    changed |= add_struct_copies(t->fc, fd, e->lhs->key, e->rhs->key);
  return changed;
}

static void track_keys(const fn_ctx *fc, fn_data *fd) {
  track_ctx t = {fc, fd};
  function_closure(fc->fn, 8, track_step, &t);
}

static void add_params(const fn_ctx *fc, fn_data *fd) {
  const function *fn = fc->fn;
  for (int p = 0; p < fn->nparams && p < 32; p++) {
    int v = fn->params[p];
    if (!fc->tu->vars[v].is_ptr) continue;
    char buf[32];
    snprintf(buf, sizeof buf, "v%d", v); /* the key lower.c gives a variable */
    int key = intern_find(&fc->tu->keys, buf);
    if (key < 0 || fd->ns == MAXS) continue;
    int s = add_key(fd, key);
    if (s < 0) continue;
    int id = add_source(fd, (source){S_PARAM, NULL, NULL, p});
    if (id < 0) continue;
    fd->init[s] |= 1ull << id;
    fd->param_bits |= 1ull << id;
  }
}

static size_t u_setup(fn_ctx *fc) {
  fc->dom_data[dom_index] = NULL;
  tu_data *td = TD(fc);
  fn_data *fd = xcalloc(1, sizeof *fd);
  fd->postop = td->postop[fc->fn_index];
  fd->internal_only = td->internal_only[fc->fn_index];
  find_mode_keys(fc, fd);
  add_params(fc, fd);
  find_probes(fc, fd);
  user_each_fn_node(fc->fn, source_cb, fd);
  if (fd->ns == 0) {
    free(fd->alias);
    free(fd);
    return 0;
  }
  track_keys(fc, fd);
  fd->param_acc = xcalloc((size_t)fc->fn->nparams + 1, sizeof(loc));
  fc->dom_data[dom_index] = fd;
  return sizeof(uint64_t) * 2 * (size_t)fd->nk + 8;
}

static void u_teardown(fn_ctx *fc) {
  fn_data *fd = FD(fc);
  if (!fd) return;
  free(fd->param_acc);
  free(fd->alias);
  free(fd);
  fc->dom_data[dom_index] = NULL;
}

/* ---- state ------------------------------------------------------------------------------- */

static void u_init(fn_ctx *fc, void *s) {
  fn_data *fd = FD(fc);
  for (int k = 0; k < fd->nk; k++) {
    UMASK(fd, s)[k] = fd->init[k];
    XMASK(fd, s)[k] = 0;
  }
  FLAGS(fd, s) = 0;
}

static bool u_join(fn_ctx *fc, void *d, const void *s) {
  fn_data *fd = FD(fc);
  bool ch = false;
  for (int k = 0; k < fd->nk; k++) {
    uint64_t u = UMASK(fd, d)[k] | UMASK(fd, s)[k], x = XMASK(fd, d)[k] | XMASK(fd, s)[k];
    ch |= u != UMASK(fd, d)[k] || x != XMASK(fd, d)[k];
    UMASK(fd, d)[k] = u;
    XMASK(fd, d)[k] = x;
  }
  uint8_t f = FLAGS(fd, d) & FLAGS(fd, s);
  ch |= f != FLAGS(fd, d);
  FLAGS(fd, d) = f;
  return ch;
}

/* Source bits of one node in state s. */
static void node_bits(const fn_data *fd, const void *s, const value *v, uint64_t *user, uint64_t *unsafe) {
  int id = source_of(fd, v);
  if (id >= 0 && fd->src[id].kind != S_PROBE) {
    uint8_t f = FLAGS(fd, s);
    bool flt = fd->src[id].kind == S_FLT || fd->src[id].kind == S_DECODE;
    if (flt && (f & F_SYS)) return;
    *user |= 1ull << id;
    if (flt && fd->postop && !(f & F_SAFE)) *unsafe |= 1ull << id;
    return;
  }
  int k = key_slot(fd, v->key);
  if (k >= 0) {
    *user |= UMASK(fd, s)[k];
    *unsafe |= XMASK(fd, s)[k];
  }
}

static void eval(const fn_data *fd, const void *s, const value *v, bool loads, uint64_t *user, uint64_t *unsafe) {
  const value *nodes[16];
  *user = *unsafe = 0;
  int n = user_pointer_nodes(v, loads, nodes, 16);
  for (int i = 0; i < n; i++) node_bits(fd, s, nodes[i], user, unsafe);
  /* a test on this path, even after the buffer address was read, decides */
  if (FLAGS(fd, s) & F_SYS) *user &= ~fd->flt_bits;
  if (FLAGS(fd, s) & F_SAFE) *unsafe = 0;
}

/* Locations under key K (K.f, K->f, K[i], *K) lose what they held when K changes. */
static void assign_struct(const fn_ctx *fc, fn_data *fd, void *s, const value *lhs, const value *rhs) {
  const char *ln = tu_key_name(fc->tu, lhs->key);
  size_t ll = strlen(ln);
  bool copy = rhs && rhs->kind == VK_VAR && rhs->key >= 0 && lhs->kind == VK_VAR;
  for (int k = 0; k < fd->nk; k++) {
    const char *kn = tu_key_name(fc->tu, fd->keys[k]);
    if (strncmp(kn, ln, ll) || !(kn[ll] == '.' || kn[ll] == '-' || kn[ll] == '[')) continue;
    uint64_t u = fd->init[k], x = 0;
    if (copy && kn[ll] == '.') {
      char buf[512];
      snprintf(buf, sizeof buf, "%s%s", tu_key_name(fc->tu, rhs->key), kn + ll);
      int rs = key_slot(fd, intern_find(&fc->tu->keys, buf));
      if (rs >= 0) u |= UMASK(fd, s)[rs], x = XMASK(fd, s)[rs];
    }
    UMASK(fd, s)[k] = u;
    XMASK(fd, s)[k] = x;
  }
}

/* Parameter-derived pointers reaching an access outside this function's own __try. */
static void note_param_access(fn_ctx *fc, fn_data *fd, void *s, const event *e, const value *v, bool loads) {
  if (e->covered || (FLAGS(fd, s) & F_KMODE) || !fd->param_bits) return;
  uint64_t u, x;
  eval(fd, s, v, loads, &u, &x);
  if (!(u & fd->param_bits) || (u & ~fd->param_bits)) return; /* a real source: reported here */
  for (int id = 0; id < fd->ns; id++)
    if ((u >> id & 1) && fd->src[id].kind == S_PARAM && !fd->param_acc[fd->src[id].param].line)
      fd->param_acc[fd->src[id].param] = e->loc;
}

static void u_transfer(fn_ctx *fc, void *s, const event *e) {
  fn_data *fd = FD(fc);
  if (e->kind == EV_ACCESS) {
    note_param_access(fc, fd, s, e, e->ptr, true);
    return;
  }
  if (e->kind == EV_CALL) {
    for (int i = 0; i < e->nargs; i++) {
      if (user_param_access(fc, e->callee_fn, i)) note_param_access(fc, fd, s, e, e->args[i], false);
      const value *a = e->args[i];
      int k = a->kind == VK_ADDROF && a->base ? key_slot(fd, a->base->key) : -1;
      if (k >= 0) UMASK(fd, s)[k] = fd->init[k], XMASK(fd, s)[k] = 0;
    }
    return;
  }
  if (e->kind != EV_ASSIGN || !e->lhs || e->lhs->key < 0) return;
  assign_struct(fc, fd, s, e->lhs, e->rhs);
  int k = key_slot(fd, e->lhs->key);
  if (k < 0) return;
  uint64_t u = 0, x = 0;
  if (e->rhs && !e->decl_uninit) eval(fd, s, e->rhs, false, &u, &x);
  UMASK(fd, s)[k] = u | fd->init[k];
  XMASK(fd, s)[k] = x;
}

/* Decode a test of the processor mode: true if the edge proves kernel mode (*kernel) or
 * user mode (!*kernel). */
static bool decode_mode(const fn_data *fd, const value *cond, bool taken, bool *kernel) {
  bool pos = taken;
  const value *v = cond;
  while (v && v->kind == VK_NOT) v = v->base, pos = !pos;
  if (!v) return false;
  if (is_mode_value(fd, v)) {
    *kernel = !pos;
    return true;
  }
  if (v->kind != VK_CMP || (v->op != OP_EQ && v->op != OP_NE) || !v->base || !v->rhs) return false;
  const value *x = v->base, *c = v->rhs;
  if (x->is_const) x = v->rhs, c = v->base;
  if (!c->is_const || (c->ival != 0 && c->ival != 1) || !is_mode_value(fd, x)) return false;
  bool eq = (v->op == OP_EQ) == pos;
  *kernel = c->ival == 0 ? eq : !eq; /* KernelMode 0, UserMode 1 */
  return true;
}

/* Decode an FLT_IS_SYSTEM_BUFFER / FLT_IS_FASTIO_OPERATION test (a bit test on ->Flags). */
static uint8_t decode_flags(const value *cond, bool taken) {
  const value *t;
  bool nz;
  if (!flow_decode_test(cond, taken, &t, &nz) || !nz) return 0;
  if (t->kind != VK_ARITH || t->op != OP_AND || !t->base || !t->rhs) return 0;
  const value *f = t->base, *c = t->rhs;
  if (f->is_const) f = t->rhs, c = t->base;
  /* Data->Flags of the callback data (not FileObject->Flags and the like) */
  if (!c->is_const || !is_field(f, "Flags") || !f->base || f->base->kind != VK_VAR) return 0;
  long long m = c->ival;
  if (m == FLT_FLAG_SYSTEM_BUFFER) return F_SAFE | F_SYS;
  if (m && !(m & ~(long long)(FLT_FLAG_SYSTEM_BUFFER | FLT_FLAG_FAST_IO))) return F_SAFE;
  return 0;
}

static void u_refine(fn_ctx *fc, void *s, const value *cond, bool taken) {
  fn_data *fd = FD(fc);
  bool kernel;
  if (decode_mode(fd, cond, taken, &kernel)) {
    if (kernel) FLAGS(fd, s) |= F_KMODE;
    else FLAGS(fd, s) &= (uint8_t)~F_KMODE;
  }
  FLAGS(fd, s) |= decode_flags(cond, taken);
}

static void u_summarize(fn_ctx *fc, const void *exit_state) {
  (void)exit_state;
  fn_data *fd = FD(fc);
  tu_data *td = TD(fc);
  int np = fc->fn->nparams;
  if (!td->param_acc[fc->fn_index]) td->param_acc[fc->fn_index] = xcalloc((size_t)np + 1, sizeof(loc));
  memcpy(td->param_acc[fc->fn_index], fd->param_acc, sizeof(loc) * (size_t)np);
}

static void *u_tu_init(const tu_model *tu) {
  tu_data *td = xcalloc(1, sizeof *td);
  size_t n = (size_t)tu->nfns + 1;
  td->nfns = tu->nfns;
  td->covered = xcalloc(n, 1);
  td->postop = xcalloc(n, 1);
  td->internal_only = xcalloc(n, 1);
  td->param_acc = xcalloc(n, sizeof(loc *));
  user_compute_covered(tu, td->covered);
  user_compute_postop(tu, td->postop);
  user_compute_internal(tu, td->internal_only);
  return td;
}

static void u_tu_free(void *p) {
  tu_data *td = p;
  if (!td) return;
  for (int f = 0; f < td->nfns; f++) free(td->param_acc[f]);
  free(td->param_acc);
  free(td->covered);
  free(td->postop);
  free(td->internal_only);
  free(td);
}

/* ---- queries ---------------------------------------------------------------------------------- */

bool user_active(const fn_ctx *fc) { return FD(fc) != NULL; }

bool user_covered(const fn_ctx *fc, const event *ev) {
  return ev->covered || (dom_index >= 0 && TD(fc)->covered[fc->fn_index]);
}

bool user_fn_is_postop(const fn_ctx *fc, int fn_index) {
  return dom_index >= 0 && fn_index >= 0 && TD(fc)->postop[fn_index];
}

bool user_kernel_mode(const fn_ctx *fc, const void *blob) {
  fn_data *fd = FD(fc);
  const void *s = fd ? flow_dom_state(fc, (void *)blob, dom_index) : NULL;
  return s && (FLAGS(fd, s) & F_KMODE);
}

bool user_eval(const fn_ctx *fc, const void *blob, const value *v, bool loads, uint64_t *user, uint64_t *unsafe) {
  fn_data *fd = FD(fc);
  *user = *unsafe = 0;
  const void *s = fd ? flow_dom_state(fc, (void *)blob, dom_index) : NULL;
  if (!s || !v) return false;
  eval(fd, s, v, loads, user, unsafe);
  *user &= ~fd->param_bits;
  *unsafe &= ~fd->param_bits;
  return *user || *unsafe;
}

const loc *user_param_access(const fn_ctx *fc, int callee_fn, int i) {
  if (dom_index < 0 || callee_fn < 0 || i < 0 || i >= fc->tu->fns[callee_fn].nparams) return NULL;
  const loc *acc = TD(fc)->param_acc[callee_fn];
  return acc && acc[i].line ? &acc[i] : NULL;
}

int user_first_source(const fn_ctx *fc, uint64_t mask) {
  fn_data *fd = FD(fc);
  if (!fd) return -1;
  for (int pass = 0; pass < 2; pass++) /* name a buffer field before a probed pointer */
    for (int id = 0; id < fd->ns; id++)
      if ((mask >> id & 1) && (pass == 1 || fd->src[id].kind != S_PROBE)) return id;
  return -1;
}

const value *user_source_value(const fn_ctx *fc, int id) { return FD(fc)->src[id].v; }

const value *user_holder(const fn_ctx *fc, const void *blob, const value *v, bool loads, bool unsafe) {
  const value *nodes[16];
  int n = user_pointer_nodes(v, loads, nodes, 16);
  for (int i = 0; i < n; i++) {
    uint64_t u, x;
    vkind k = nodes[i]->kind;
    if (k == VK_ADDROF || k == VK_ARITH || k == VK_COND || !nodes[i]->text) continue;
    if (user_eval(fc, blob, nodes[i], false, &u, &x) && (unsafe ? x : (u & ~x))) return nodes[i];
  }
  return v;
}

loc user_source_loc(const fn_ctx *fc, int id) {
  const source *s = &FD(fc)->src[id];
  return s->kind == S_PROBE ? s->probe->loc : s->v->loc;
}

const char *user_source_desc(const fn_ctx *fc, int id, char *buf, size_t n) {
  const source *s = &FD(fc)->src[id];
  if (s->kind == S_PROBE)
    snprintf(buf, n, "'%s' is passed to %s at line %d", s->v->text ? s->v->text : "the pointer", s->probe->callee,
             s->probe->loc.line);
  else if (s->kind == S_DECODE)
    snprintf(buf, n, "the buffer FltDecodeParameters returns in '%s', read at line %d",
             s->v->base->text ? s->v->base->text : "its Buffer argument", s->v->loc.line);
  else
    snprintf(buf, n, "%s at line %d", s->v->text ? s->v->text : s->v->name, s->v->loc.line);
  return buf;
}

static const domain user_domain = {
    "user", u_tu_init, u_tu_free, u_setup, u_teardown, u_init, u_join, u_transfer, u_refine, u_summarize,
};

void user_register(void) { dom_index = flow_register_domain(&user_domain); }
