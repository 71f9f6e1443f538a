/* The IRQL model shared by the irql domain (dom_irql.c), its translation-unit tables
 * (irql_model.c) and its explanations (irql_explain.c): IRQL intervals, the routines that
 * raise, lower or restrict the IRQL, function roles (where a function's entry IRQL comes
 * from), the IRQL recorded at each call of a same-TU function in the top-down pre-pass,
 * and each function's exit summary. */
#ifndef DRVCHECK_IRQL_H
#define DRVCHECK_IRQL_H
#include <stdint.h>

#include "domains.h"

/* Levels; IRQL_TOP stands for "some device IRQL" (DIRQL, not known exactly). */
enum { IRQL_PASSIVE = 0, IRQL_APC = 1, IRQL_DISPATCH = 2, IRQL_DEVICE = 3, IRQL_TOP = 31 };

/* An interval of levels; lo > hi is the empty interval. */
typedef struct irql_iv {
  uint8_t lo, hi;
} irql_iv;

static inline irql_iv iv_make(int lo, int hi) { return (irql_iv){(uint8_t)lo, (uint8_t)hi}; }
static inline irql_iv iv_none(void) { return iv_make(1, 0); }
static inline bool iv_empty(irql_iv a) { return a.lo > a.hi; }
static inline irql_iv iv_join(irql_iv a, irql_iv b) {
  if (iv_empty(a)) return b;
  if (iv_empty(b)) return a;
  return iv_make(a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi);
}
static inline bool iv_eq(irql_iv a, irql_iv b) {
  return (iv_empty(a) && iv_empty(b)) || (a.lo == b.lo && a.hi == b.hi);
}

/* ---- routines that change the IRQL (irql_model.c) --------------------------------- */

typedef enum irql_effect {
  EF_RAISE,   /* raises to `level` (or to the constant argument lvl_arg) and saves the old IRQL */
  EF_RESTORE, /* sets the IRQL back to the value saved in argument `arg` */
} irql_effect;

typedef struct irql_routine {
  const char *name;
  const char *shown; /* how drivers write it when it is reached through a macro, or NULL */
  irql_effect eff;
  int level;         /* EF_RAISE: level raised to (IRQL_DEVICE: a device IRQL) */
  int lvl_arg;       /* EF_RAISE: argument holding the level (KeRaiseIrql), or -1 */
  int arg;           /* EF_RAISE: argument the old IRQL is saved in (-1: the result);
                        EF_RESTORE: argument holding (or naming) the saved IRQL */
  const char *what;  /* "spin lock", "fast mutex", ...; NULL for a plain raise */
} irql_routine;

/* The IRQL routine of this name, or NULL. */
const irql_routine *irql_routine_of(const char *name);
/* The level an EF_RAISE call raises to (IRQL_TOP for a device IRQL), -1 if not constant. */
int irql_raise_level(const irql_routine *r, const event *call);
/* The name a call is written as: the macro spelling for calls made through a macro. */
const char *irql_call_spelling(const event *call);
/* Parse an annotation argument ("DISPATCH_LEVEL", "2"); -1 if unknown. */
int irql_parse_level(const char *s);

/* ---- function roles ---------------------------------------------------------------- */

typedef enum role_kind {
  RK_NONE,    /* no role: entry from the call sites */
  RK_SAFE,    /* SafePostCallback of FltDoCompletionProcessingWhenSafe */
  RK_ROLE,    /* declared with a role typedef */
  RK_ANNOT,   /* _IRQL_requires_[min_|max_] annotation */
  RK_REG,     /* passed to a registering routine (KeInitializeDpc, IoSetCancelRoutine, ...) */
  RK_TABLE,   /* a slot of an FLT_OPERATION_REGISTRATION table */
  RK_RETTYPE, /* returns FLT_POSTOP_CALLBACK_STATUS / FLT_PREOP_CALLBACK_STATUS */
} role_kind;

typedef struct irql_role {
  role_kind kind;
  irql_iv iv;
  const char *what; /* "a DPC routine", ... */
  const char *via;  /* typedef, registering routine, annotation or table name */
  loc at;           /* registration site (RK_REG, RK_SAFE, RK_TABLE) or the definition */
  bool postop;      /* a minifilter post-operation callback */
} irql_role;

/* ---- TU data ----------------------------------------------------------------------- */

/* The IRQL at one call of a same-TU function, as last seen by the caller's analysis. */
typedef struct irql_site {
  irql_iv iv;
  int32_t cause; /* call index in the caller that set the high bound; -1: the caller's entry */
  irql_iv pre;   /* what a release of a lock the caller took (saved value unknown) restores */
  int run;       /* analysis run that last wrote the record */
} irql_site;

/* Exit summary of a function relative to its entry. */
typedef struct irql_sum {
  bool valid;
  bool same;    /* some path returns at the IRQL it was called at */
  bool restore; /* some path lowers to an IRQL its caller saved (untracked release) */
  irql_iv set;  /* the IRQL other paths return at */
  int32_t cause; /* call index in the function that set the high bound of `set` */
} irql_sum;

typedef struct caller_ref {
  int fn, call;
} caller_ref;

typedef struct irql_tu {
  const tu_model *tu;
  irql_role *role;     /* per function */
  irql_site **site;    /* per function, per call index */
  caller_ref **callers; /* per function: its call sites in the TU */
  int *ncallers;
  irql_sum *sum;       /* per function */
  irql_iv *snap_entry; /* last committed entry intervals and summaries */
  irql_sum *snap_sum;
  irql_iv *snap_pre;
  int run;
  intern_table restricted; /* restricted routines: name -> id; max_irql[id] */
  int *max_irql;
  int capmax;
  intern_table raises; /* routines annotated _IRQL_raises_(X): name -> id; raise_irql[id] */
  int *raise_irql;
  int capraise;
} irql_tu;

/* Build the TU tables: roles, call sites, restricted routines. */
irql_tu *irql_tu_build(const tu_model *tu);
void irql_tu_destroy(irql_tu *td);
/* Entry interval of function f; *best gets the call site that gives it its high bound
 * (caller fn -1 if the entry comes from the role or the default). */
irql_iv irql_entry(const irql_tu *td, int f, caller_ref *best);
/* What an untracked release in function f lowers to, from its call sites: the union of
 * its callers' IRQLs before their latest raise; none for a function with a role. */
irql_iv irql_entry_pre(const irql_tu *td, int f);
/* The maximum IRQL of a restricted routine, or -1. */
int irql_max_of(const irql_tu *td, const char *name);
/* The level raised to by a callee annotated _IRQL_raises_(X) (same TU or header), or -1. */
int irql_annotated_raise(const irql_tu *td, const event *call);
/* Describe why the IRQL is high, starting from cause `cause` in function f (see
 * irql_explain in domains.h). */
int irql_model_explain(const irql_tu *td, int f, int cause, irql_step *out, int max, int *total);
#endif
