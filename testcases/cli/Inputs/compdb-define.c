/* The bug exists only with -DDRVCHECK_FROM_COMPDB, which only the generated
 * compile_commands.json supplies: the database's arguments must reach the parser.
 * Line 10 discards the secure handle. */
#include <ntddk.h>

VOID
CompdbDefine(PVOID Buffer, SIZE_T Length)
{
#ifdef DRVCHECK_FROM_COMPDB
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
#else
    UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(Length);
#endif
}
