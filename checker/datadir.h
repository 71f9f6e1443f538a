/* Location of drvcheck's data files (see datadir.c). */
#ifndef DRVCHECK_DATADIR_H
#define DRVCHECK_DATADIR_H
#include <stdbool.h>
#include <stddef.h>

/* <dir of the running binary>/../share/drvcheck/<sub> if it exists (written into buf),
 * else source_dir. */
const char *data_dir(const char *sub, const char *source_dir, char *buf, size_t size);
#endif
