/* The engine's domains and the questions rules may ask them. */
#ifndef DRVCHECK_DOMAINS_H
#define DRVCHECK_DOMAINS_H
#include "flow.h"

/* Register every domain with the engine (once, at start-up). */
void domains_register_all(void);

/* Each domain's registration function (listed in domains.c). */
void handles_register(void);

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
enum { K_EMPTY = 1, K_NULLC = 2, K_UNKNOWN = 4 };

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
#endif
