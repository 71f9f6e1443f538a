/* Listed in a generated compile_commands.json ("command" form). Line 8 discards the
 * secure handle: one secure-balance finding. */
#include <ntddk.h>

VOID
CompdbA(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
