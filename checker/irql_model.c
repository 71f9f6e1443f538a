/* Translation-unit side of the IRQL model (see irql.h): the data tables (routines that
 * raise or restore the IRQL, restricted DDIs, role typedefs, registering routines), the
 * role of each function, and its entry interval from its role or its call sites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irql.h"
#include "names.h"

/* ---- data tables -------------------------------------------------------------------- */

static const char POSTOP[] = "a minifilter post-operation callback";

static const irql_routine routines[] = {
    {"KfRaiseIrql", "KeRaiseIrql", EF_RAISE, 0, 0, -1, NULL},
    {"KeRaiseIrql", NULL, EF_RAISE, 0, 0, 1, NULL},
    {"KeRaiseIrqlToDpcLevel", NULL, EF_RAISE, IRQL_DISPATCH, -1, -1, NULL},
    {"KeRaiseIrqlToSynchLevel", NULL, EF_RAISE, 12, -1, -1, NULL},
    {"KeAcquireSpinLockRaiseToDpc", "KeAcquireSpinLock", EF_RAISE, IRQL_DISPATCH, -1, -1, "spin lock"},
    {"KfAcquireSpinLock", "KeAcquireSpinLock", EF_RAISE, IRQL_DISPATCH, -1, -1, "spin lock"},
    {"KeAcquireSpinLock", NULL, EF_RAISE, IRQL_DISPATCH, -1, 1, "spin lock"},
    {"KeAcquireSpinLockForDpc", NULL, EF_RAISE, IRQL_DISPATCH, -1, -1, "spin lock"},
    {"KeAcquireQueuedSpinLock", NULL, EF_RAISE, IRQL_DISPATCH, -1, -1, "queued spin lock"},
    {"KeAcquireInStackQueuedSpinLock", NULL, EF_RAISE, IRQL_DISPATCH, -1, 1, "in-stack queued spin lock"},
    {"KeAcquireInStackQueuedSpinLockForDpc", NULL, EF_RAISE, IRQL_DISPATCH, -1, 1, "in-stack queued spin lock"},
    {"ExAcquireSpinLockExclusive", NULL, EF_RAISE, IRQL_DISPATCH, -1, -1, "executive spin lock"},
    {"ExAcquireSpinLockShared", NULL, EF_RAISE, IRQL_DISPATCH, -1, -1, "executive spin lock"},
    {"KeAcquireInterruptSpinLock", NULL, EF_RAISE, IRQL_DEVICE, -1, -1, "interrupt spin lock"},
    {"IoAcquireCancelSpinLock", NULL, EF_RAISE, IRQL_DISPATCH, -1, 0, "cancel spin lock"},
    {"ExAcquireFastMutex", NULL, EF_RAISE, IRQL_APC, -1, 0, "fast mutex"},
    {"ExiAcquireFastMutex", "ExAcquireFastMutex", EF_RAISE, IRQL_APC, -1, 0, "fast mutex"},
    {"WdfSpinLockAcquire", NULL, EF_RAISE, IRQL_DISPATCH, -1, 0, "WDF spin lock"},
    {"WdfInterruptAcquireLock", NULL, EF_RAISE, IRQL_DEVICE, -1, 0, "WDF interrupt lock"},
    {"KeLowerIrql", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"KfLowerIrql", "KeLowerIrql", EF_RESTORE, 0, -1, 0, NULL},
    {"KeReleaseSpinLock", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"KfReleaseSpinLock", "KeReleaseSpinLock", EF_RESTORE, 0, -1, 1, NULL},
    {"KeReleaseSpinLockForDpc", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"KeReleaseQueuedSpinLock", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"KeReleaseInStackQueuedSpinLock", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"KeReleaseInStackQueuedSpinLockForDpc", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"ExReleaseSpinLockExclusive", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"ExReleaseSpinLockShared", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"KeReleaseInterruptSpinLock", NULL, EF_RESTORE, 0, -1, 1, NULL},
    {"IoReleaseCancelSpinLock", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"ExReleaseFastMutex", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"ExiReleaseFastMutex", "ExReleaseFastMutex", EF_RESTORE, 0, -1, 0, NULL},
    {"WdfSpinLockRelease", NULL, EF_RESTORE, 0, -1, 0, NULL},
    {"WdfInterruptReleaseLock", NULL, EF_RESTORE, 0, -1, 0, NULL},
};

/* Restricted DDIs (RULES.md); _IRQL_requires_max_ annotations and the configuration's
 * restricted-ddis extend the list. */
static const struct {
  const char *name;
  int max;
} restricted_builtin[] = {
    {"MmSecureVirtualMemory", IRQL_APC},
    {"MmSecureVirtualMemoryEx", IRQL_APC},
    {"MmUnsecureVirtualMemory", IRQL_APC},
    {"ProbeForRead", IRQL_APC},
    {"ProbeForWrite", IRQL_APC},
    {"FltLockUserBuffer", IRQL_APC},
    {"MmProbeAndLockPages", IRQL_APC},
    {"KeStackAttachProcess", IRQL_DISPATCH},
    {"KeUnstackDetachProcess", IRQL_DISPATCH},
    {"MmGetSystemAddressForMdlSafe", IRQL_DISPATCH},
    {"MmMapLockedPagesSpecifyCache", IRQL_DISPATCH},
    {"FltDecodeParameters", IRQL_DISPATCH},
    {"FltDoCompletionProcessingWhenSafe", IRQL_DISPATCH},
    {"ZwAllocateVirtualMemory", IRQL_PASSIVE},
    {"ZwProtectVirtualMemory", IRQL_PASSIVE},
};

/* Role typedefs: the IRQL a function declared with one is called at. */
static const struct {
  const char *type;
  int lo, hi;
  const char *what;
} role_types[] = {
    {"KDEFERRED_ROUTINE", IRQL_DISPATCH, IRQL_DISPATCH, "a DPC routine"},
    {"IO_DPC_ROUTINE", IRQL_DISPATCH, IRQL_DISPATCH, "a DPC routine"},
    {"DRIVER_CANCEL", IRQL_DISPATCH, IRQL_DISPATCH, "a cancel routine"},
    {"DRIVER_STARTIO", IRQL_DISPATCH, IRQL_DISPATCH, "a StartIo routine"},
    {"IO_TIMER_ROUTINE", IRQL_DISPATCH, IRQL_DISPATCH, "an I/O timer routine"},
    {"IO_COMPLETION_ROUTINE", IRQL_PASSIVE, IRQL_DISPATCH, "an I/O completion routine"},
    {"KSERVICE_ROUTINE", IRQL_DEVICE, IRQL_TOP, "an interrupt service routine"},
    {"KSYNCHRONIZE_ROUTINE", IRQL_DEVICE, IRQL_TOP, "a KeSynchronizeExecution routine"},
    {"FLT_POST_OPERATION_CALLBACK", IRQL_PASSIVE, IRQL_DISPATCH, POSTOP},
    {"FLT_PRE_OPERATION_CALLBACK", IRQL_PASSIVE, IRQL_APC, "a minifilter pre-operation callback"},
    {"DRIVER_DISPATCH", IRQL_PASSIVE, IRQL_PASSIVE, "a dispatch routine"},
    {"DRIVER_INITIALIZE", IRQL_PASSIVE, IRQL_PASSIVE, "DriverEntry"},
    {"DRIVER_UNLOAD", IRQL_PASSIVE, IRQL_PASSIVE, "an unload routine"},
    {"DRIVER_ADD_DEVICE", IRQL_PASSIVE, IRQL_PASSIVE, "an AddDevice routine"},
    {"IO_WORKITEM_ROUTINE", IRQL_PASSIVE, IRQL_PASSIVE, "a work item routine"},
    {"IO_WORKITEM_ROUTINE_EX", IRQL_PASSIVE, IRQL_PASSIVE, "a work item routine"},
    {"WORKER_THREAD_ROUTINE", IRQL_PASSIVE, IRQL_PASSIVE, "a work item routine"},
    {"KSTART_ROUTINE", IRQL_PASSIVE, IRQL_PASSIVE, "a system thread routine"},
};

/* Registering routines: argument `arg` is a routine that will be called at [lo, hi]. */
static const struct {
  const char *name;
  int arg, lo, hi;
  const char *what;
} registrations[] = {
    {"KeInitializeDpc", 1, IRQL_DISPATCH, IRQL_DISPATCH, "a DPC routine"},
    {"IoInitializeDpcRequest", 1, IRQL_DISPATCH, IRQL_DISPATCH, "a DPC routine"},
    {"KeInitializeThreadedDpc", 1, IRQL_PASSIVE, IRQL_DISPATCH, "a threaded DPC routine"},
    {"IoSetCompletionRoutine", 1, IRQL_PASSIVE, IRQL_DISPATCH, "an I/O completion routine"},
    {"IoSetCompletionRoutineEx", 2, IRQL_PASSIVE, IRQL_DISPATCH, "an I/O completion routine"},
    {"IoSetCancelRoutine", 1, IRQL_DISPATCH, IRQL_DISPATCH, "a cancel routine"},
    {"IoStartPacket", 3, IRQL_DISPATCH, IRQL_DISPATCH, "a cancel routine"},
    {"IoInitializeTimer", 1, IRQL_DISPATCH, IRQL_DISPATCH, "an I/O timer routine"},
    {"IoConnectInterrupt", 1, IRQL_DEVICE, IRQL_TOP, "an interrupt service routine"},
    {"KeSynchronizeExecution", 1, IRQL_DEVICE, IRQL_TOP, "a KeSynchronizeExecution routine"},
};

const irql_routine *irql_routine_of(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof routines / sizeof routines[0]; i++)
    if (!strcmp(routines[i].name, name)) return &routines[i];
  return NULL;
}

int irql_raise_level(const irql_routine *r, const event *call) {
  if (r->lvl_arg < 0) return r->level == IRQL_DEVICE ? IRQL_TOP : r->level;
  const value *a = r->lvl_arg < call->nargs ? call->args[r->lvl_arg] : NULL;
  return a && a->is_const && a->ival >= 0 && a->ival <= IRQL_TOP ? (int)a->ival : -1;
}

const char *irql_call_spelling(const event *call) {
  const irql_routine *r = irql_routine_of(call->callee);
  if (call->via_macro && r && r->shown) return r->shown;
  if (call->via_macro && call->callee && !strcmp(call->callee, "MmMapLockedPagesSpecifyCache"))
    return "MmGetSystemAddressForMdlSafe";
  return call->callee;
}

int irql_parse_level(const char *s) {
  static const struct {
    const char *name;
    int level;
  } names[] = {{"PASSIVE_LEVEL", 0}, {"LOW_LEVEL", 0},      {"APC_LEVEL", 1},   {"DISPATCH_LEVEL", 2},
               {"CMCI_LEVEL", 5},    {"SYNCH_LEVEL", 12},   {"CLOCK_LEVEL", 13}, {"IPI_LEVEL", 14},
               {"DRS_LEVEL", 14},    {"POWER_LEVEL", 14},   {"PROFILE_LEVEL", 15}, {"HIGH_LEVEL", 15}};
  if (!s || !*s) return -1;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(names[i].name, s)) return names[i].level;
  char *end;
  long v = strtol(s, &end, 0);
  if (*end || v < 0 || v > IRQL_TOP) return -1;
  return (int)v;
}

const char *irql_level_name(int level) {
  switch (level) {
  case 0: return "PASSIVE_LEVEL";
  case 1: return "APC_LEVEL";
  case 2: return "DISPATCH_LEVEL";
  case 12: return "SYNCH_LEVEL";
  case 13: return "CLOCK_LEVEL";
  case 14: return "IPI_LEVEL";
  case 15: return "HIGH_LEVEL";
  default: return "DIRQL";
  }
}

/* ---- annotations -------------------------------------------------------------------- */

/* "drvcheck:KIND:ARG": true if the annotation is of kind (e.g. "irql_requires_max"); *arg
 * gets its level. */
static bool annot_level(const char *a, const char *kind, int *level) {
  size_t n = strlen(kind);
  if (strncmp(a, "drvcheck:", 9) || strncmp(a + 9, kind, n) || a[9 + n] != ':') return false;
  *level = irql_parse_level(a + 10 + n);
  return *level >= 0;
}

/* The maximum IRQL an annotation list allows (requires / requires_max), or -1. */
static int annots_max(const char **annots, int n) {
  int best = -1, lv;
  for (int i = 0; i < n; i++)
    if (annot_level(annots[i], "irql_requires_max", &lv) || annot_level(annots[i], "irql_requires", &lv))
      if (best < 0 || lv < best) best = lv;
  return best;
}

/* Entry interval from a function's IRQL annotations; *via gets the deciding annotation. */
static bool annots_entry(arena *A, const function *fn, irql_iv *iv, const char **via) {
  int req = -1, mx = -1, mn = -1, lv;
  for (int i = 0; i < fn->nannots; i++) {
    if (annot_level(fn->annots[i], "irql_requires", &lv)) req = lv;
    else if (annot_level(fn->annots[i], "irql_requires_max", &lv)) mx = mx < 0 || lv < mx ? lv : mx;
    else if (annot_level(fn->annots[i], "irql_requires_min", &lv)) mn = lv > mn ? lv : mn;
  }
  if (req >= 0) {
    *iv = iv_make(req, req);
    *via = arena_printf(A, "_IRQL_requires_(%s)", irql_level_name(req));
  } else if (mx >= 0) {
    *iv = iv_make(mn >= 0 && mn <= mx ? mn : 0, mx);
    *via = arena_printf(A, "_IRQL_requires_max_(%s)", irql_level_name(mx));
  } else if (mn >= 0) {
    *iv = iv_make(mn, mn > IRQL_DISPATCH ? mn : IRQL_DISPATCH);
    *via = arena_printf(A, "_IRQL_requires_min_(%s)", irql_level_name(mn));
  } else {
    return false;
  }
  return true;
}

/* Record the _IRQL_raises_ annotations of every declaration. */
static void build_raises(irql_tu *td) {
  const tu_model *tu = td->tu;
  for (int i = 0; i < tu->ndecl_annots + tu->nfns; i++) {
    const char *name, *const *annots;
    int n;
    if (i < tu->ndecl_annots) {
      name = tu->decl_annots[i].fn;
      annots = &tu->decl_annots[i].annot;
      n = 1;
    } else {
      const function *fn = &tu->fns[i - tu->ndecl_annots];
      name = fn->name;
      annots = fn->annots;
      n = fn->nannots;
    }
    for (int j = 0; j < n; j++) {
      int lv;
      if (!annot_level(annots[j], "irql_raises", &lv)) continue;
      int id = intern(&td->raises, name);
      if (id >= td->capraise) {
        int old = td->capraise;
        td->capraise = id * 2 + 16;
        td->raise_irql = xrealloc(td->raise_irql, sizeof(int) * (size_t)td->capraise);
        for (int k = old; k < td->capraise; k++) td->raise_irql[k] = -1;
      }
      td->raise_irql[id] = lv;
    }
  }
}

int irql_annotated_raise(const irql_tu *td, const event *call) {
  int id = call->callee ? intern_find(&td->raises, call->callee) : -1;
  return id >= 0 ? td->raise_irql[id] : -1;
}

/* ---- restricted routines ------------------------------------------------------------ */

static void restrict_add(irql_tu *td, const char *name, int max, bool keep_existing) {
  int id = intern(&td->restricted, name);
  if (id >= td->capmax) {
    int old = td->capmax;
    td->capmax = id * 2 + 16;
    td->max_irql = xrealloc(td->max_irql, sizeof(int) * (size_t)td->capmax);
    for (int i = old; i < td->capmax; i++) td->max_irql[i] = -1;
  }
  int *m = &td->max_irql[id];
  if (*m < 0 || (!keep_existing && max < *m)) *m = max;
}

static void build_restricted(irql_tu *td) {
  const tu_model *tu = td->tu;
  for (size_t i = 0; i < sizeof restricted_builtin / sizeof restricted_builtin[0]; i++)
    restrict_add(td, restricted_builtin[i].name, restricted_builtin[i].max, false);
  /* annotations never loosen a built-in entry */
  int nbuiltin = (int)td->restricted.n;
  for (int i = 0; i < tu->ndecl_annots; i++) {
    const char *a = tu->decl_annots[i].annot;
    int lv = annots_max(&a, 1);
    if (lv < 0) continue;
    int id = intern_find(&td->restricted, tu->decl_annots[i].fn);
    if (id >= 0 && id < nbuiltin) continue;
    restrict_add(td, tu->decl_annots[i].fn, lv, false);
  }
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    int lv = annots_max(fn->annots, fn->nannots);
    int id = intern_find(&td->restricted, fn->name);
    if (lv >= 0 && !(id >= 0 && id < nbuiltin)) restrict_add(td, fn->name, lv, false);
  }
  /* configuration (restricted-ddis) has the last word */
  for (int i = 0; i < names_restricted_count(); i++) {
    int lv;
    const char *name = names_restricted_at(i, &lv);
    if (!name || lv < 0) continue;
    restrict_add(td, name, lv, false);
    td->max_irql[intern_find(&td->restricted, name)] = lv;
  }
}

int irql_max_of(const irql_tu *td, const char *name) {
  int id = name ? intern_find(&td->restricted, name) : -1;
  return id >= 0 && id < td->capmax ? td->max_irql[id] : -1;
}

/* ---- roles --------------------------------------------------------------------------- */

static int func_arg(const tu_model *tu, const value *v) {
  if (v && v->kind == VK_ADDROF) v = v->base;
  if (!v || v->kind != VK_FUNC || !v->name) return -1;
  return tu_find_function(tu, v->name);
}

static void set_reg(irql_role *r, role_kind kind, int lo, int hi, const char *what, const char *via, loc at) {
  bool postop = what == POSTOP;
  if (r->kind == RK_REG && kind == RK_REG) { /* registered twice: union, first reason kept */
    if (hi > r->iv.hi) {
      r->what = what;
      r->via = via;
      r->at = at;
      r->postop = postop;
    }
    r->iv = iv_join(r->iv, iv_make(lo, hi));
    return;
  }
  if (r->kind != RK_NONE && r->kind <= kind) return; /* a stronger role is already known */
  *r = (irql_role){kind, iv_make(lo, hi), what, via, at, postop};
}

/* Registrations made by one call event. */
static void scan_call(irql_tu *td, const event *e) {
  const tu_model *tu = td->tu;
  if (!e->callee) return;
  if (!strcmp(e->callee, "FltDoCompletionProcessingWhenSafe") && e->nargs > 4) {
    int g = func_arg(tu, e->args[4]);
    if (g >= 0)
      set_reg(&td->role[g], RK_SAFE, IRQL_PASSIVE, IRQL_APC, "a SafePostCallback", "FltDoCompletionProcessingWhenSafe",
              e->loc);
    return;
  }
  /* IoSetCancelRoutine is a macro around InterlockedExchangePointer(&Irp->CancelRoutine, f) */
  if (strstr(e->callee, "InterlockedExchangePointer") && e->nargs == 2 && e->args[0]->kind == VK_ADDROF &&
      e->args[0]->base && e->args[0]->base->kind == VK_FIELD && e->args[0]->base->name &&
      !strcmp(e->args[0]->base->name, "CancelRoutine")) {
    int g = func_arg(tu, e->args[1]);
    if (g >= 0)
      set_reg(&td->role[g], RK_REG, IRQL_DISPATCH, IRQL_DISPATCH, "a cancel routine", "IoSetCancelRoutine", e->loc);
    return;
  }
  for (size_t i = 0; i < sizeof registrations / sizeof registrations[0]; i++) {
    if (strcmp(registrations[i].name, e->callee) || registrations[i].arg >= e->nargs) continue;
    int g = func_arg(tu, e->args[registrations[i].arg]);
    if (g >= 0)
      set_reg(&td->role[g], RK_REG, registrations[i].lo, registrations[i].hi, registrations[i].what,
              registrations[i].name, e->loc);
  }
}

/* `Irp->CancelRoutine = f;` and `DriverObject->DriverStartIo = f;` */
static void scan_assign(irql_tu *td, const event *e) {
  if (!e->lhs || e->lhs->kind != VK_FIELD || !e->lhs->name || !e->rhs) return;
  int g = func_arg(td->tu, e->rhs);
  if (g < 0) return;
  irql_role *r = &td->role[g];
  if (!strcmp(e->lhs->name, "CancelRoutine"))
    set_reg(r, RK_REG, IRQL_DISPATCH, IRQL_DISPATCH, "a cancel routine", "an assignment to Irp->CancelRoutine", e->loc);
  else if (!strcmp(e->lhs->name, "DriverStartIo"))
    set_reg(r, RK_REG, IRQL_DISPATCH, IRQL_DISPATCH, "a StartIo routine",
            "an assignment to DriverObject->DriverStartIo", e->loc);
}

static void scan_registrations(irql_tu *td) {
  const tu_model *tu = td->tu;
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    for (int b = 0; b < fn->nblocks; b++)
      for (int i = 0; i < fn->blocks[b].nev; i++) {
        const event *e = fn->blocks[b].ev[i];
        if (e->kind == EV_CALL) scan_call(td, e);
        else if (e->kind == EV_ASSIGN) scan_assign(td, e);
      }
  }
  for (int i = 0; i < tu->ninits; i++) {
    const struct init_entry *ie = &tu->inits[i];
    if (!ie->type || !strstr(ie->type, "FLT_OPERATION_REGISTRATION") || (ie->field != 2 && ie->field != 3)) continue;
    int g = func_arg(tu, ie->val);
    if (g < 0) continue;
    bool post = ie->field == 3;
    set_reg(&td->role[g], RK_TABLE, IRQL_PASSIVE, post ? IRQL_DISPATCH : IRQL_APC,
            post ? POSTOP : "a minifilter pre-operation callback", ie->var, ie->loc);
  }
}

/* Roles in order of precedence: SafePostCallback, role typedef, annotation, registration,
 * registration table, return type. */
static void compute_roles(irql_tu *td) {
  const tu_model *tu = td->tu;
  arena *A = (arena *)&tu->A;
  scan_registrations(td);
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    irql_role *r = &td->role[f];
    if (r->kind == RK_SAFE) continue;
    for (size_t i = 0; fn->role && i < sizeof role_types / sizeof role_types[0]; i++)
      if (!strcmp(role_types[i].type, fn->role)) {
        *r = (irql_role){RK_ROLE, iv_make(role_types[i].lo, role_types[i].hi), role_types[i].what, fn->role, fn->loc,
                         role_types[i].what == POSTOP};
        break;
      }
    if (r->kind == RK_ROLE) continue;
    irql_iv iv;
    const char *via;
    if (annots_entry(A, fn, &iv, &via)) {
      *r = (irql_role){RK_ANNOT, iv, NULL, via, fn->loc, false};
      continue;
    }
    if (r->kind != RK_NONE || !fn->ret_type) continue;
    if (strstr(fn->ret_type, "FLT_POSTOP_CALLBACK_STATUS"))
      *r = (irql_role){RK_RETTYPE, iv_make(IRQL_PASSIVE, IRQL_DISPATCH), POSTOP, "FLT_POSTOP_CALLBACK_STATUS", fn->loc,
                       true};
    else if (strstr(fn->ret_type, "FLT_PREOP_CALLBACK_STATUS"))
      *r = (irql_role){RK_RETTYPE, iv_make(IRQL_PASSIVE, IRQL_APC), "a minifilter pre-operation callback",
                       "FLT_PREOP_CALLBACK_STATUS", fn->loc, false};
  }
}

/* ---- TU data ------------------------------------------------------------------------- */

static void build_callers(irql_tu *td) {
  const tu_model *tu = td->tu;
  for (int f = 0; f < tu->nfns; f++) {
    const function *fn = &tu->fns[f];
    td->site[f] = xcalloc((size_t)fn->ncalls + 1, sizeof(irql_site));
    for (int i = 0; i < fn->ncalls; i++) {
      td->site[f][i] = (irql_site){iv_none(), -1, iv_none(), 0};
      int g = fn->calls[i]->callee_fn;
      if (g < 0) continue;
      td->callers[g] = xrealloc(td->callers[g], sizeof(caller_ref) * (size_t)(td->ncallers[g] + 1));
      td->callers[g][td->ncallers[g]++] = (caller_ref){f, i};
    }
  }
}

irql_tu *irql_tu_build(const tu_model *tu) {
  irql_tu *td = xcalloc(1, sizeof *td);
  size_t n = (size_t)tu->nfns + 1;
  td->tu = tu;
  td->role = xcalloc(n, sizeof(irql_role));
  td->site = xcalloc(n, sizeof(irql_site *));
  td->callers = xcalloc(n, sizeof(caller_ref *));
  td->ncallers = xcalloc(n, sizeof(int));
  td->sum = xcalloc(n, sizeof(irql_sum));
  td->snap_entry = xcalloc(n, sizeof(irql_iv));
  td->snap_sum = xcalloc(n, sizeof(irql_sum));
  td->snap_pre = xcalloc(n, sizeof(irql_iv));
  for (size_t i = 0; i < n; i++) td->snap_entry[i] = td->snap_pre[i] = iv_none();
  compute_roles(td);
  build_callers(td);
  build_restricted(td);
  build_raises(td);
  return td;
}

void irql_tu_destroy(irql_tu *td) {
  if (!td) return;
  for (int f = 0; f < td->tu->nfns; f++) {
    free(td->site[f]);
    free(td->callers[f]);
  }
  free(td->role);
  free(td->site);
  free(td->callers);
  free(td->ncallers);
  free(td->sum);
  free(td->snap_entry);
  free(td->snap_sum);
  free(td->snap_pre);
  intern_free(&td->restricted);
  free(td->max_irql);
  intern_free(&td->raises);
  free(td->raise_irql);
  free(td);
}

irql_iv irql_entry(const irql_tu *td, int f, caller_ref *best) {
  if (best) *best = (caller_ref){-1, -1};
  if (td->role[f].kind != RK_NONE) return td->role[f].iv;
  irql_iv e = iv_none();
  int top = -1;
  for (int i = 0; i < td->ncallers[f]; i++) {
    caller_ref c = td->callers[f][i];
    irql_iv s = td->site[c.fn][c.call].iv;
    if (iv_empty(s)) continue;
    e = iv_join(e, s);
    /* the highest site names the cause; on a tie, a caller other than f itself */
    if (s.hi > top || (s.hi == top && best && best->fn == f && c.fn != f)) {
      top = s.hi;
      if (best) *best = c;
    }
  }
  return iv_empty(e) ? iv_make(IRQL_PASSIVE, IRQL_PASSIVE) : e;
}

irql_iv irql_entry_pre(const irql_tu *td, int f) {
  irql_iv e = iv_none();
  if (td->role[f].kind != RK_NONE) return e;
  for (int i = 0; i < td->ncallers[f]; i++) {
    caller_ref c = td->callers[f][i];
    const irql_site *s = &td->site[c.fn][c.call];
    if (!iv_empty(s->iv)) e = iv_join(e, s->pre);
  }
  return e;
}
