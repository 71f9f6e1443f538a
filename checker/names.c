/* Tables of well-known kernel routines (see names.h). */
#include "names.h"

#include <string.h>

#include "util.h"

static const struct mem_routine mem_routines[] = {
    {"memcpy", 0x3, 0x1},         {"memmove", 0x3, 0x1},        {"memset", 0x1, 0x1},
    {"memcmp", 0x3, 0x0},         {"memchr", 0x1, 0x0},         {"RtlCopyMemory", 0x3, 0x1},
    {"RtlMoveMemory", 0x3, 0x1},  {"RtlZeroMemory", 0x1, 0x1},  {"RtlFillMemory", 0x1, 0x1},
    {"RtlCompareMemory", 0x3, 0}, {"RtlEqualMemory", 0x3, 0},   {"RtlCopyBytes", 0x3, 0x1},
    {"RtlSecureZeroMemory", 0x1, 0x1}, {"RtlFillBytes", 0x1, 0x1}, {"RtlZeroBytes", 0x1, 0x1},
    {"strlen", 0x1, 0},           {"wcslen", 0x1, 0},           {"strnlen", 0x1, 0},
    {"wcsnlen", 0x1, 0},          {"strcpy", 0x3, 0x1},         {"wcscpy", 0x3, 0x1},
    {"strncpy", 0x3, 0x1},        {"wcsncpy", 0x3, 0x1},        {"strcmp", 0x3, 0},
    {"wcscmp", 0x3, 0},           {"strncmp", 0x3, 0},          {"wcsncmp", 0x3, 0},
    {"_stricmp", 0x3, 0},         {"_wcsicmp", 0x3, 0},         {"strcat", 0x3, 0x1},
    {"wcscat", 0x3, 0x1},         {"RtlInitUnicodeString", 0x2, 0}, {"RtlInitAnsiString", 0x2, 0},
    {"RtlInitString", 0x2, 0},    {"RtlInitUnicodeStringEx", 0x2, 0},
    {"RtlStringCbCopyW", 0x5, 0x1}, {"RtlStringCbCopyA", 0x5, 0x1}, {"RtlStringCchCopyW", 0x5, 0x1},
    {"RtlStringCchCopyA", 0x5, 0x1}, {"RtlStringCbCopyNW", 0x5, 0x1}, {"RtlStringCchCopyNW", 0x5, 0x1},
    {"RtlStringCbLengthW", 0x1, 0}, {"RtlStringCbLengthA", 0x1, 0}, {"RtlStringCchLengthW", 0x1, 0},
    {"RtlStringCchLengthA", 0x1, 0}, {"RtlStringCbCatW", 0x5, 0x1}, {"RtlStringCchCatW", 0x5, 0x1},
    {"RtlStringCbPrintfW", 0x5, 0x1}, {"RtlStringCchPrintfW", 0x5, 0x1},
};

const struct mem_routine *names_memory_routine(const char *name) {
  for (size_t i = 0; i < sizeof mem_routines / sizeof mem_routines[0]; i++)
    if (!strcmp(mem_routines[i].name, name)) return &mem_routines[i];
  return NULL;
}

static const char *const noreturn_routines[] = {
    "ExRaiseStatus", "ExRaiseAccessViolation", "ExRaiseDatatypeMisalignment", "KeBugCheck",
    "KeBugCheckEx", "RtlRaiseStatus", "__fastfail", "abort", "exit", "_exit", "longjmp",
    "RtlFailFast", NULL};

bool names_is_noreturn(const char *name) { return name_in(name, noreturn_routines); }

static const char *const no_raise_routines[] = {
    "MmUnsecureVirtualMemory", "KeUnstackDetachProcess", "KeDetachProcess", "KeStackAttachProcess",
    "KeAttachProcess", "KeReleaseSpinLock",
    "KeReleaseSpinLockFromDpcLevel", "KeReleaseInStackQueuedSpinLock", "KeLowerIrql", "KfLowerIrql",
    "ExReleaseFastMutex", "ExReleaseSpinLockExclusive", "ExReleaseSpinLockShared",
    "KeReleaseInterruptSpinLock", "IoReleaseCancelSpinLock", "ObfDereferenceObject",
    "ObDereferenceObject", "ExFreePool", "ExFreePoolWithTag", "IoFreeMdl", "MmUnlockPages",
    "KeLeaveCriticalRegion", "KeLeaveGuardedRegion", "FltReleaseContext", "KeReleaseMutex",
    "ExReleaseResourceLite", "ExReleaseResourceAndLeaveCriticalRegion", NULL};

bool names_cannot_raise(const char *name) { return name_in(name, no_raise_routines); }

/* ---- names from configuration ----------------------------------------------------- */

static _Thread_local const names_extra *extra;

void names_set_extra(const names_extra *x) { extra = x; }

const char *names_canonical(const char *name) {
  if (!extra || !name) return name;
  for (int i = 0; i < extra->naliases; i++)
    if (!strcmp(extra->alias_from[i], name)) return extra->alias_to[i];
  return name;
}

bool names_restricted_ddi(const char *name, int *level) {
  for (int i = 0; extra && name && i < extra->nrestricted; i++)
    if (!strcmp(extra->restricted[i], name)) {
      *level = extra->restricted_level[i];
      return true;
    }
  return false;
}

int names_restricted_count(void) { return extra ? extra->nrestricted : 0; }

const char *names_restricted_at(int i, int *level) {
  if (!extra || i < 0 || i >= extra->nrestricted) return NULL;
  *level = extra->restricted_level[i];
  return extra->restricted[i];
}

bool names_is_user_source(const char *name) {
  for (int i = 0; extra && name && i < extra->nuser; i++)
    if (!strcmp(extra->user_sources[i], name)) return true;
  return false;
}
