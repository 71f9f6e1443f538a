/* The bug exists only when FOO is defined: compiler arguments given after `--`
 * (or with --extra-arg) must reach the parser. Line 9 discards the secure handle. */
#include <ntddk.h>

VOID
MaybeDiscard(PVOID Buffer, SIZE_T Length)
{
#ifdef FOO
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
#else
    UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(Length);
#endif
}
