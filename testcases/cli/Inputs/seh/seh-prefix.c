/* ProbeForRead inside _SEH2_TRY (line 12) is covered once the configuration's seh-macros
 * make the macros SEH; the one on line 24 is outside any try and always reported.
 * The project header is part of the leading #include <...> run (the precompiled prefix). */
#include <ntddk.h>
#include <pseh/pseh2.h>
NTSTATUS
ProbeCovered(PVOID UserBuffer, SIZE_T Length)
{
    NTSTATUS Status = STATUS_SUCCESS;

    _SEH2_TRY {
        ProbeForRead(UserBuffer, Length, sizeof(UCHAR));
    } _SEH2_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {
        Status = _SEH2_GetExceptionCode();
    } _SEH2_END;
    return Status;
}

NTSTATUS
ProbeBare(PVOID UserBuffer, SIZE_T Length)
{
    if (Length == 0)
        return STATUS_INVALID_PARAMETER;
    ProbeForRead(UserBuffer, Length, sizeof(UCHAR));
    return STATUS_SUCCESS;
}
