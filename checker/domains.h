/* The engine's domains and the questions rules may ask them. */
#ifndef DRVCHECK_DOMAINS_H
#define DRVCHECK_DOMAINS_H
#include "flow.h"

/* Register every domain with the engine (once, at start-up). */
void domains_register_all(void);

/* Each domain's registration function (listed in domains.c). */
void handles_register(void);
void attach_register(void);
void user_register(void);
void mdl_register(void);

/* ---- handles: MmSecureVirtualMemory[Ex] results ------------------------------------- */

/* Status bits of one acquisition (a secure call site); a state holds the set of
 * statuses possible on the paths reaching a point. */
enum {
  H_NONE = 1,      /* not secured yet on this path */
  H_UNCHECKED = 2, /* secured, result not yet compared with NULL */
  H_NONNULL = 4,   /* secured and known non-NULL */
  H_NULL = 8,      /* the secure failed (tested NULL): nothing to release */
  H_RELEASED = 16, /* MmUnsecureVirtualMemory called */
  H_ESCAPED = 32,  /* stored where someone else owns it */
  H_STORED = 64,   /* stored only in a field through a pointer this function still uses:
                      escaped for leaks, but overwriting that field loses the handle */
};
/* Flags of a storage location that holds no acquisition of this function. */
enum { K_EMPTY = 1, K_NULLC = 2, K_UNKNOWN = 4, K_UNTRACKED = 8 /* from a secure call beyond capacity */ };

int handles_domain_index(void);
/* True if callee names MmSecureVirtualMemory or MmSecureVirtualMemoryEx (or an alias). */
bool handles_is_secure(const char *callee);
/* True if callee names MmUnsecureVirtualMemory (or an alias). */
bool handles_is_unsecure(const char *callee);
/* The acquisition index of a secure call event, or -1. */
int handles_acq_of_call(const fn_ctx *fc, const event *call);
int handles_acq_count(const fn_ctx *fc);
/* True if the function secures or releases handles (the domain runs in it). */
bool handles_active(const fn_ctx *fc);
/* The secure call event of acquisition a (NULL for a parameter pseudo-acquisition). */
const event *handles_acq_event(const fn_ctx *fc, int a);
/* The name the handle of acquisition a is stored in (for messages), or NULL. */
const char *handles_acq_name(const fn_ctx *fc, int a);
/* Key of the Address argument of acquisition a (the secured range), or -1. */
int handles_acq_range_key(const fn_ctx *fc, int a);
/* Status set of acquisition a in a state. */
unsigned handles_status(const fn_ctx *fc, const void *blob, int a);
/* Bitmask of acquisitions the value may hold, and its K_* flags; false if untracked. */
bool handles_holds(const fn_ctx *fc, const void *blob, const value *v, unsigned *acqs, unsigned *flags);
/* Bitmask of acquisitions held by some tracked location other than key. */
unsigned handles_held_elsewhere(const fn_ctx *fc, const void *blob, int key);
/* Call index of the first release of acquisition a on some path, or -1. */
int handles_release_call(const fn_ctx *fc, const void *blob, int a);
/* If the call releases a handle (MmUnsecureVirtualMemory, or a same-TU helper that
 * always releases its parameter), the argument released; else NULL. */
const value *handles_released_arg(const fn_ctx *fc, const event *call);
/* True if the location `key`, tracked here, holds on every path only handles this function
 * secured (or none: NULL or never assigned, which secure-balance judges). */
bool handles_secured_here(const fn_ctx *fc, const void *blob, int key);

/* ---- attach: KeStackAttachProcess / KeAttachProcess brackets ------------------------- */

int attach_domain_index(void);
/* True if callee attaches to a process (KeStackAttachProcess, KeAttachProcess). */
bool attach_is_attach(const char *callee);
/* True if callee detaches (KeUnstackDetachProcess, KeDetachProcess). */
bool attach_is_detach(const char *callee);
/* True if on every path reaching this point some attach is active (not yet detached). */
bool attach_definitely_attached(const fn_ctx *fc, const void *blob);
/* True if attached on every path, or known to run in a chosen process because a test
 * `P == PsGetCurrentProcess()` (IoGetCurrentProcess, or an id == PsGetCurrentProcessId())
 * held on every path. */
bool attach_context_known(const fn_ctx *fc, const void *blob);
/* Bitmask of attach sites (attach calls) that may still be open here. */
uint64_t attach_open_sites(const fn_ctx *fc, const void *blob);
/* The attach call of an attach site, or NULL. */
const event *attach_site_event(const fn_ctx *fc, int site);
/* Spelling of the state object an attach/detach call names (e.g. "&ApcState"), in buf. */
const char *attach_state_text(const fn_ctx *fc, const event *call, char *buf, size_t size);
/* For an attach call: an attach site of the same state still open here, or -1. */
int attach_reattached(const fn_ctx *fc, const void *blob, const event *call);
typedef enum detach_verdict {
  DV_MATCHED,     /* the state is attached on every path reaching the detach */
  DV_UNMATCHED,   /* on some path nothing (or not this state, nothing else) is attached */
  DV_OTHER_STATE, /* this state is not attached but another one is (*other: its site) */
} detach_verdict;
/* Is this detach call matched by an attach of the same state on every path? */
detach_verdict attach_check_detach(const fn_ctx *fc, const void *blob, const event *call, int *other);
/* How the callers of the current function stand for one of its MmUnsecureVirtualMemory
 * calls (facts gathered in the TU pre-pass). */
enum { ATTACH_MAX_BAD = 4 };
typedef struct attach_callers {
  int nsites;         /* call sites seen in this translation unit */
  bool external;      /* address taken or declared with a callback role: unknown callers */
  const event *taken; /* where its address is taken (e.g. passed to IoQueueWorkItem), or NULL */
  int nbad;           /* call sites neither attached nor securing the released handle */
  const event *bad[ATTACH_MAX_BAD];
  int bad_fn[ATTACH_MAX_BAD]; /* function index of each bad call site */
} attach_callers;
/* True if the function has call sites, no unknown ones, and at every call site an attach is
 * active (there or in every caller up the chain) or the caller secured the released handle. */
bool attach_callers_ok(const fn_ctx *fc, const event *unsecure, attach_callers *out);

/* ---- user: user-mode pointers and __try/__except coverage (dom_user.c) -------------- */

int user_domain_index(void);
/* True for ProbeForRead, ProbeForWrite and MmProbeAndLockPages (they raise by design). */
bool user_is_probe(const char *callee);
/* The nodes an address computed from v may point into, outermost first (pointer
 * arithmetic, casts, ?:, &p->f and &p[i] lead to p; with `loads`, also the pointers read
 * on the way: p->f, *p and p[i] lead to p). Returns the number stored in out (<= max). */
int user_pointer_nodes(const value *v, bool loads, const value **out, int max);
/* True if the user domain runs in this function (it has sources or pointer parameters). */
bool user_active(const fn_ctx *fc);
/* True if the event is inside a __try body with an __except handler, or the function is
 * only called from covered call sites of this translation unit. */
bool user_covered(const fn_ctx *fc, const event *ev);
/* True if function fn_index is a minifilter post-operation callback (not a SafePostCallback). */
bool user_fn_is_postop(const fn_ctx *fc, int fn_index);
/* True if every path reaching the state tested the requestor to be KernelMode. */
bool user_kernel_mode(const fn_ctx *fc, const void *blob);
/* Sources (bit = source id) of the user pointers v may hold, and of those that are
 * FLT_PARAMETERS buffers read in a post-operation callback on an unsafe path; `loads` as
 * for user_pointer_nodes (true for an access). False if neither. */
bool user_eval(const fn_ctx *fc, const void *blob, const value *v, bool loads, uint64_t *user, uint64_t *unsafe);
/* The first access of parameter i of same-TU function callee_fn outside that function's own
 * __try/__except (a call passing a user pointer there is an access), or NULL. */
const loc *user_param_access(const fn_ctx *fc, int callee_fn, int i);
/* The source id to name for a mask (a buffer field before a probed pointer), or -1. */
int user_first_source(const fn_ctx *fc, uint64_t mask);
/* The node of v's address computation that holds the user pointer (p in &p->Data[2]); with
 * `unsafe`, one holding an unsafe post-operation buffer. v itself if none. */
const value *user_holder(const fn_ctx *fc, const void *blob, const value *v, bool loads, bool unsafe);
/* The expression of source id (the probed pointer for ProbeForRead/MmSecureVirtualMemory). */
const value *user_source_value(const fn_ctx *fc, int id);
/* Where source id comes from, and a phrase describing it ("Irp->UserBuffer at line 12"). */
loc user_source_loc(const fn_ctx *fc, int id);
const char *user_source_desc(const fn_ctx *fc, int id, char *buf, size_t n);

/* ---- mdl: results of MmGetSystemAddressForMdlSafe / MmMapLockedPagesSpecifyCache (dom_mdl.c) */

/* Mappings (bit = mapping call) v may hold that were not compared with NULL on some path
 * reaching the state; `loads` as for user_pointer_nodes. */
unsigned mdl_unchecked(const fn_ctx *fc, const void *blob, const value *v, bool loads);
/* The mapping call of bit a. */
const event *mdl_map_event(const fn_ctx *fc, int a);
/* The name the mapping of bit a is first stored in (for messages), or NULL. */
const char *mdl_map_name(const fn_ctx *fc, int a);

/* ---- irql: the IRQL interval at each point (dom_irql.c, irql_model.c) ---------------- */

void irql_register(void);
int irql_domain_index(void);
/* The IRQL levels [*lo, *hi] possible in a state (device IRQLs above DISPATCH_LEVEL);
 * false if the domain is idle or no path reaches the state. */
bool irql_range(const fn_ctx *fc, const void *blob, int *lo, int *hi);
/* The maximum IRQL at which this call may run (built-in restricted DDI table, extended by
 * _IRQL_requires_max_ / _IRQL_requires_ annotations), or -1 if unrestricted; *shown gets
 * the routine's name as written (the macro name for a call made through a macro). */
int irql_restricted_max(const fn_ctx *fc, const event *call, const char **shown);
/* Spelling of a level: "PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL", "DIRQL", ... */
const char *irql_level_name(int level);
/* One reason in the explanation of a high IRQL: a phrase for the message, and a note for
 * the related location `at`. */
typedef struct irql_step {
  loc at;
  char text[320];
  char note[200];
  bool postop; /* the step is a minifilter post-operation callback role */
  bool lock;   /* the step is a lock acquisition */
  bool raise;  /* the step is an explicit raise (KeRaiseIrql, _IRQL_raises_) */
} irql_step;
/* Why the IRQL may be as high as it is in this state, nearest cause first (the raise or
 * lock, a helper returning raised, the calling chain, the role). Returns the number of
 * steps stored (at most max; when the chain is longer the last one is its root) and sets
 * *total to the length of the whole chain. */
int irql_explain(const fn_ctx *fc, const void *blob, irql_step *out, int max, int *total);
#endif
