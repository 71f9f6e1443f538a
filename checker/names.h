/* Tables of well-known kernel routines, kept as data: memory routines whose pointer
 * arguments are accessed, routines that never return, routines that cannot raise. */
#ifndef DRVCHECK_NAMES_H
#define DRVCHECK_NAMES_H
#include <stdbool.h>

struct mem_routine {
  const char *name;
  unsigned ptr_args;   /* bit i: argument i is a pointer the routine reads or writes */
  unsigned write_args; /* bit i: argument i is written */
};

/* The memory/string routine of this name, or NULL. */
const struct mem_routine *names_memory_routine(const char *name);
/* True for routines that never return (ExRaiseStatus, KeBugCheckEx, ...). */
bool names_is_noreturn(const char *name);
/* True for routines that cannot raise an exception (releases, lock operations). */
bool names_cannot_raise(const char *name);
/* ---- names from configuration (.drvcheck.yml) -------------------------------------- */

/* The configuration's additions for the file being analysed; set per thread by the
 * driver before each file (arrays owned by the configuration). */
typedef struct names_extra {
  int naliases;
  const char *const *alias_from; /* function pointer or wrapper name ... */
  const char *const *alias_to;   /* ... and the DDI it stands for */
  int nrestricted;
  const char *const *restricted; /* extra restricted DDIs ... */
  const int *restricted_level;   /* ... and their maximum IRQL (0 PASSIVE, 1 APC, 2 DISPATCH) */
  int nuser;
  const char *const *user_sources; /* field names and functions whose value is a user pointer */
} names_extra;

/* Use x (NULL: none) for the names queried by this thread from now on. */
void names_set_extra(const names_extra *x);
/* The DDI a configured alias stands for, or name itself. */
const char *names_canonical(const char *name);
/* True if configuration lists name as a restricted DDI; *level gets its maximum IRQL. */
bool names_restricted_ddi(const char *name, int *level);
/* Number of configured restricted DDIs, and the i-th (name; *level its maximum IRQL). */
int names_restricted_count(void);
const char *names_restricted_at(int i, int *level);
/* True if configuration names this field or function as a source of user pointers. */
bool names_is_user_source(const char *name);
#endif
