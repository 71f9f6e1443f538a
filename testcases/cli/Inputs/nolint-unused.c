/* Suppression comments for unused-suppressions.test. Used: lines 9, 10, 12 and 15.
 * Unused or malformed: 21, 22, 24 (one id of two), 31, 32, 33, 34, 35, 38. Line 25 also
 * names a rule that is off by default: not unused, since it could not have been used. */
#include <ntddk.h>

VOID
Used(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT(secure-balance)
    // NOLINTNEXTLINE(secure-balance)
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    /* NOLINTBEGIN(secure-balance) */
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    /* NOLINTEND(secure-balance) */
}

VOID
Unused(PVOID Buffer, SIZE_T Length)
{
    UNREFERENCED_PARAMETER(Buffer); // NOLINT(secure-balance)
    // NOLINTNEXTLINE
    UNREFERENCED_PARAMETER(Length);
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT(secure-balance, secure-null-check)
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT(secure-not-recommended, secure-balance)
}

VOID
Malformed(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT(secure-balanse)
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT(secure-balance
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE); // NOLINT()
    // NOLINTEND(secure-balance)
    // NOLINTBEGIN(secure-balance, no-such-rule)
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
// NOLINTBEGIN(secure-probe-mode)
