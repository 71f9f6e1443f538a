/* Debug dump of the lowered CFG. */
#ifndef DRVCHECK_DUMP_H
#define DRVCHECK_DUMP_H
#include <stdio.h>

#include "ir.h"

/* Print every function's blocks, events and edges. */
void dump_tu(FILE *out, const tu_model *tu);
#endif
