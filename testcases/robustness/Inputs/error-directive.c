/* An #error directive: a compiler-error finding on its line (exit 1); the rest of the
 * file is still analysed, so the leak below is reported too. */
#include <ntddk.h>

#error this driver needs the WDK build environment

VOID Leak(PVOID Buffer, SIZE_T Length)
{
    MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
}
