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
#endif
