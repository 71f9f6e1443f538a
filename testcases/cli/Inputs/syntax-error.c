/* Compiler errors in two functions (a missing semicolon on line 8, an undeclared
 * identifier on line 14) must not stop the analysis of the well-formed function
 * below them: its discarded MmSecureVirtualMemory result (line 20) is still reported. */
#include <ntddk.h>

static ULONG MissingSemicolon(ULONG Value)
{
    ULONG Next = Value + 1
    return Next;
}

static ULONG UsesUnknownName(ULONG Value)
{
    return Value + NoSuchSymbolAnywhere;
}

VOID
DiscardsHandle(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
