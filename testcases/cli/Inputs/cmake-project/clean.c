/* Built for the host as a stub; drvcheck (Windows target) sees the driver code. */
#ifdef _WIN32
#include <ntddk.h>
#include "sample.h"
#if !SAMPLE_CONFIGURED
#error "the target's compile definitions were not passed"
#endif

NTSTATUS SampleBalanced(PVOID Buffer, SIZE_T Length)
{
    HANDLE Secure = MmSecureVirtualMemory(Buffer, Length, SAMPLE_PROBE_MODE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
#else
int sample_host_stub(void) { return 0; }
#endif
