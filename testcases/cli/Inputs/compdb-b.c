/* Listed in a generated compile_commands.json ("arguments" form). Line 15 asks for a
 * guard page with no access at all: one page-protection-invalid finding. */
#include <ntddk.h>
#include <ntifs.h>

NTSTATUS
CompdbB(VOID)
{
    PVOID Base = NULL;
    SIZE_T Size = PAGE_SIZE;
    NTSTATUS Status;

    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size,
                                     MEM_COMMIT | MEM_RESERVE,
                                     PAGE_NOACCESS | PAGE_GUARD);
    if (NT_SUCCESS(Status)) {
        ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);
    }
    return Status;
}
