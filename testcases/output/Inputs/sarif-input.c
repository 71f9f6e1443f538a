/* Input of the SARIF tests: three findings of three rules and levels, one with a related
 * location.
 *   line 19 col 14  secure-balance (warning), related location: the return on line 24
 *   line 34 col 14  secure-probe-mode (error)
 *   line 48 col 14  page-protection-invalid (error)
 * With --enable secure-not-recommended, notes at lines 19 and 34 (col 14) too. */
#include <ntddk.h>
#include <ntifs.h>

NTSTATUS
SarifLeak(PVOID Buffer, SIZE_T Length)
{
    HANDLE Secure;

    if (Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    /* Held on the early return below. */
    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Length > PAGE_SIZE) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
SarifProbeMode(PVOID Buffer, SIZE_T Length)
{
    HANDLE Secure;
    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_EXECUTE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
SarifProtection(VOID)
{
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;
    NTSTATUS Status;
    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size,
                                     MEM_COMMIT, PAGE_WRITECOMBINE | PAGE_NOCACHE | PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        Size = 0;
        ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);
    }
    return Status;
}
