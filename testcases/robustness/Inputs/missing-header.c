/* A header that does not exist: a compiler-error finding on the #include (exit 1); the
 * rest of the file is still analysed. */
#include <ntddk.h>
#include "no_such_header_anywhere.h"

VOID Leak(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
