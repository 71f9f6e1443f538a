/* A project's SEH macros as written for a compiler without structured exception
 * handling: plain blocks. Parsed like this, no __try is left for the analysis. */
#ifndef PSEH2_H
#define PSEH2_H
#define _SEH2_TRY {
#define _SEH2_EXCEPT(...) } if (0) {
#define _SEH2_FINALLY } {
#define _SEH2_END }
#define _SEH2_LEAVE \
    goto _SEH2_leave_label
#define _SEH2_GetExceptionCode() ((NTSTATUS)0xC0000005L)
#endif
