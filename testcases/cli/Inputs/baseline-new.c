/* baseline-old.c after an edit: a comment block above everything (lines shift by 8),
 * reindented known lines, a third identical discarded secure (line 36: one of the three
 * is new), and a new function with a new finding (line 43). */
/*
 * Copyright notice added later.
 *
 * More text.
 */
/* Known findings for baseline.test: the leak of line 14 (secure-balance) and two
 * identical discarded secures on lines 26 and 27 (two findings, one fingerprint). */
#include <ntddk.h>

NTSTATUS
KnownLeak(
    PVOID UserBuffer,
    SIZE_T Length)
{
    HANDLE Secure;

    if (Length == 0)
        return STATUS_INVALID_PARAMETER;
    Secure   =   MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
    if (Secure == NULL)
        return STATUS_ACCESS_VIOLATION;
    if (Length < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

VOID
KnownDiscards(PVOID UserBuffer, SIZE_T Length)
{
	MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
	MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
	MmSecureVirtualMemory(UserBuffer, Length, PAGE_READWRITE);
}

VOID
NewDiscard(PVOID UserBuffer, SIZE_T Length)
{
    UNREFERENCED_PARAMETER(Length);
    MmSecureVirtualMemory(UserBuffer, 16, PAGE_READONLY);
}
