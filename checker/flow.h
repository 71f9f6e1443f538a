/* The dataflow engine: one worklist fixpoint per function over the CFG of ir.h.
 *
 * Abstract state = a small set of partitions. A partition holds "facts" (which locals are
 * known zero / non-zero, learnt from assignments and branch tests) plus one fixed-size
 * blob per domain. Partitions with equal facts are joined; at most FLOW_MAX_PARTS are kept
 * apart per block (facts about locals no later branch tests are dropped first); beyond that
 * a new partition merges into the one sharing most facts (facts intersected),
 * so the cost stays linear in the size of the function. Branches that contradict the facts
 * are not taken, which keeps `if (flag) A(); ... if (flag) B();` apart. */
#ifndef DRVCHECK_FLOW_H
#define DRVCHECK_FLOW_H
#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

enum { FLOW_MAX_PARTS = 16, FLOW_MAX_FACTS = 16 };

typedef enum fact_val { FACT_ZERO = 1, FACT_NONZERO = 2 } fact_val;

typedef struct fact {
  int key;
  unsigned char val;
} fact;

typedef struct facts {
  int n;
  fact f[FLOW_MAX_FACTS];
} facts;

typedef struct fn_ctx fn_ctx;

/* A domain: a kind of abstract state the engine carries (handles, attach state, IRQL, ...).
 * Its state is a fixed-size blob per partition whose size the domain picks per function. */
typedef struct domain {
  const char *name;
  /* Per translation unit: allocate/free the domain's TU-wide data (summaries etc.). */
  void *(*tu_init)(const tu_model *tu);
  void (*tu_free)(void *data);
  /* Per function: prepare, return the state size in bytes (0: the domain is idle here). */
  size_t (*setup)(fn_ctx *fc);
  void (*teardown)(fn_ctx *fc);
  /* State at function entry. */
  void (*init)(fn_ctx *fc, void *st);
  /* dst := dst JOIN src; return true if dst changed. */
  bool (*join)(fn_ctx *fc, void *dst, const void *src);
  /* Effect of one event. */
  void (*transfer)(fn_ctx *fc, void *st, const event *ev);
  /* The edge of a branch on `cond` was taken (taken = true edge). Optional. */
  void (*refine)(fn_ctx *fc, void *st, const value *cond, bool taken);
  /* After the fixpoint, with the joined state at the function's exits. Optional. */
  void (*summarize)(fn_ctx *fc, const void *exit_state);
  /* Final pass: called for each reachable event with the state before it, so a domain can
   * record facts about call sites (e.g. the IRQL at each call of a same-TU function) in
   * its TU data as "pending". Optional. */
  void (*visit)(fn_ctx *fc, void *st, const event *ev);
  /* Between rounds of the TU pre-pass: make pending call-site facts current; return true
   * if anything changed (another round is then run). Optional. */
  bool (*tu_commit)(void *data);
} domain;

/* Per-function analysis context handed to domains and rules. */
struct fn_ctx {
  const tu_model *tu;
  const function *fn;
  int fn_index;
  void **tu_data;      /* per domain: its TU-wide data */
  void **dom_data;     /* per domain: its per-function data (set by setup) */
  size_t *dom_off;     /* per domain: offset of its blob in a partition */
  size_t *dom_size;
  bool reporting;      /* the final pass, where rules look at each event */
  const facts *cur_facts; /* facts of the partition being transferred */
};

/* A partition's blob for domain d (or NULL when the domain is idle in this function). */
void *flow_dom_state(const fn_ctx *fc, void *partition_blob, int d);

/* Decode a branch condition into a zero-test of one value: on the edge `taken`, is
 * *tested known to be non-zero (*nonzero = true) or zero (false)? */
bool flow_decode_test(const value *cond, bool taken, const value **tested, bool *nonzero);

/* The fact the current partition holds about key (0 if none). */
int flow_fact(const fn_ctx *fc, int key);

/* Called for each event in the reporting pass with the state before the event. */
typedef void (*flow_event_hook)(fn_ctx *fc, void *blob, const event *ev, void *user);

/* Register a domain; returns its index. Domains are registered once at start-up. */
int flow_register_domain(const domain *d);
int flow_domain_count(void);
const domain *flow_domain(int i);

/* TU-wide domain data, created once per TU. */
void **flow_tu_init(const tu_model *tu);
void flow_tu_free(void **tu_data);

/* Run every domain's tu_commit; true if any domain's call-site facts changed. */
bool flow_tu_commit(void **tu_data);
/* True if some domain gathers call-site facts (so a top-down pre-pass is worth running). */
bool flow_wants_prepass(void);

/* Analyse one function to a fixpoint, then run the final pass over every reachable event
 * (domains' visit, and hook if non-NULL).
 * Returns false if the function was too large to analyse precisely (it is then analysed
 * with collapsed partitions). */
bool flow_run(const tu_model *tu, void **tu_data, int fn_index, flow_event_hook hook, void *user);

/* Order in which to analyse functions: callees before callers (recursion broken
 * arbitrarily but deterministically). Returns a malloc'd array of nfns indices. */
int *flow_bottom_up_order(const tu_model *tu);
#endif
