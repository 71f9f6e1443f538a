/* Compiles only with the configuration's include path (config-helper.h is in inc/) and
 * has its bug only with the configuration's define: the discarded secure on line 11. */
#include <ntddk.h>
#include "config-helper.h"

VOID
ConfigPaths(PVOID Buffer, SIZE_T Length)
{
    UNREFERENCED_PARAMETER(Buffer);
#if defined(DRVCHECK_FROM_CONFIG) && DRVCHECK_LEVEL == 2
    HELPER_SECURE(Buffer, Length);
#endif
    UNREFERENCED_PARAMETER(Length);
}
