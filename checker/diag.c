/* Per-thread message stream (see diag.h). */
#include "diag.h"

static _Thread_local FILE *current;

FILE *diag_stream(void) { return current ? current : stderr; }

void diag_set_stream(FILE *f) { current = f; }
