/* The report file: written to a temporary file beside it and renamed when complete, so a
 * failed or interrupted run never leaves a partial report (SIGINT/SIGTERM remove the
 * temporary file). One report per process. */
#ifndef DRVCHECK_OUTFILE_H
#define DRVCHECK_OUTFILE_H
#include <stdbool.h>
#include <stdio.h>

/* stdout (path NULL), or the report file opened atomically; exits 2 with a message if it
 * cannot be created. */
FILE *outfile_open(const char *path);
/* Finish the report; false (with a message on stderr) if it could not be written. */
bool outfile_close(FILE *out, const char *path);
#endif
