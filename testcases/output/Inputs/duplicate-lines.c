/* Two findings of one rule on identical lines of one function: their fingerprints
 * (rule, file name, function, line text) would be equal, so the second one gets its
 * occurrence number mixed in. Lines 9 and 10 discard a secure result. */
#include <ntddk.h>

VOID
SampleSecureTwice(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
