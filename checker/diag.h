/* Where messages about one input go (notes such as "precompiled headers not used", the
 * --dump-cfg listing): stderr, or a per-thread buffer while files are analysed in
 * parallel, so that the messages of each file are printed together and in input order. */
#ifndef DRVCHECK_DIAG_H
#define DRVCHECK_DIAG_H
#include <stdio.h>

/* The stream for messages of the file being analysed by this thread (stderr by default). */
FILE *diag_stream(void);
/* Send this thread's messages to f (NULL: back to stderr). */
void diag_set_stream(FILE *f);
#endif
