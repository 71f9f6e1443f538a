/* Facts of the user domain computed without dataflow (user_facts.c); used by dom_user.c. */
#ifndef DRVCHECK_USER_FACTS_H
#define DRVCHECK_USER_FACTS_H
#include "ir.h"

/* Call cb for every value node under root (iteratively, depth bounded). */
void user_each_node(const value *root, void (*cb)(const value *, void *), void *u);
/* Call cb for every value node of every event and branch condition of fn. */
void user_each_fn_node(const function *fn, void (*cb)(const value *, void *), void *u);
/* covered[f]: f has call sites, its address is never taken, and every call site is inside a
 * __try/__except body or in a covered function (greatest fixpoint). */
void user_compute_covered(const tu_model *tu, bool *covered);
/* postop[f]: f returns FLT_POSTOP_CALLBACK_STATUS or fills the PostOperation slot of an
 * FLT_OPERATION_REGISTRATION table, and is not passed as SafePostCallback to
 * FltDoCompletionProcessingWhenSafe. */
void user_compute_postop(const tu_model *tu, bool *postop);
/* internal_only[f]: f is stored in MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] and in no
 * other MajorFunction slot. */
void user_compute_internal(const tu_model *tu, bool *internal_only);
#endif
