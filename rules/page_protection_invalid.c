/* page-protection-invalid: constant PAGE_* protection arguments must form a valid
 * combination for the routine they are passed to (memory-protection constants page). */
#include <string.h>

#include "rules.h"
#include "util.h"

enum {
  P_NOACCESS = 0x01, P_READONLY = 0x02, P_READWRITE = 0x04, P_WRITECOPY = 0x08, P_EXECUTE = 0x10,
  P_EXECUTE_READ = 0x20, P_EXECUTE_READWRITE = 0x40, P_EXECUTE_WRITECOPY = 0x80, P_GUARD = 0x100,
  P_NOCACHE = 0x200, P_WRITECOMBINE = 0x400, P_TARGETS = 0x40000000,
};

typedef enum pkind { PK_PRIVATE, PK_PROTECT, PK_MAPPING } pkind;

static const struct prot_routine {
  const char *name;
  int arg;
  pkind kind;
} routines[] = {
    {"ZwAllocateVirtualMemory", 5, PK_PRIVATE}, {"NtAllocateVirtualMemory", 5, PK_PRIVATE},
    {"VirtualAlloc", 3, PK_PRIVATE},            {"VirtualAllocEx", 4, PK_PRIVATE},
    {"ZwProtectVirtualMemory", 3, PK_PROTECT},  {"NtProtectVirtualMemory", 3, PK_PROTECT},
    {"VirtualProtect", 2, PK_PROTECT},          {"VirtualProtectEx", 3, PK_PROTECT},
    {"CreateFileMappingA", 2, PK_MAPPING},      {"CreateFileMappingW", 2, PK_MAPPING},
    {"CreateFileMapping", 2, PK_MAPPING},       {"CreateFileMappingNumaA", 2, PK_MAPPING},
    {"CreateFileMappingNumaW", 2, PK_MAPPING},  {"CreateFileMappingFromApp", 2, PK_MAPPING},
    {"CreateFileMapping2", 3, PK_MAPPING},
};

static int popcount8(unsigned v) {
  int n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

void page_protection_invalid_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL || !ev->callee) return;
  const struct prot_routine *r = NULL;
  for (size_t i = 0; i < sizeof routines / sizeof routines[0]; i++)
    if (!strcmp(routines[i].name, ev->callee)) r = &routines[i];
  if (!r || ev->nargs <= r->arg || !ev->args[r->arg]->is_const) return;
  unsigned long long p = (unsigned long long)ev->args[r->arg]->ival;
  unsigned base = (unsigned)(p & 0xFF);
  strbuf why = {0};
#define WHY(...) (why.len ? sb_puts(&why, "; ") : (void)0, sb_printf(&why, __VA_ARGS__))
  if (popcount8(base) != 1)
    WHY("%s", base ? "more than one base protection (PAGE_NOACCESS ... PAGE_EXECUTE_WRITECOPY)"
                   : "no base protection (one of PAGE_NOACCESS ... PAGE_EXECUTE_WRITECOPY is required)");
  if ((p & P_GUARD) && (base & P_NOACCESS)) WHY("PAGE_GUARD cannot be combined with PAGE_NOACCESS");
  if ((p & P_NOCACHE) && (p & (P_GUARD | P_WRITECOMBINE) || (base & P_NOACCESS)))
    WHY("PAGE_NOCACHE cannot be combined with PAGE_GUARD, PAGE_NOACCESS or PAGE_WRITECOMBINE");
  else if ((p & P_WRITECOMBINE) && ((p & P_GUARD) || (base & P_NOACCESS)))
    WHY("PAGE_WRITECOMBINE cannot be combined with PAGE_NOACCESS, PAGE_GUARD or PAGE_NOCACHE");
  if (r->kind == PK_PRIVATE && (base & (P_WRITECOPY | P_EXECUTE_WRITECOPY)))
    WHY("PAGE_WRITECOPY / PAGE_EXECUTE_WRITECOPY are for mapped views, not private allocations");
  if (r->kind == PK_MAPPING && ((base & (P_NOACCESS | P_EXECUTE)) || (p & P_GUARD)))
    WHY("PAGE_NOACCESS, PAGE_EXECUTE and PAGE_GUARD are not valid for a file mapping");
  if (r->kind != PK_MAPPING && (p & P_TARGETS) &&
      !(base & (P_EXECUTE | P_EXECUTE_READ | P_EXECUTE_READWRITE | P_EXECUTE_WRITECOPY)))
    WHY("PAGE_TARGETS_INVALID / PAGE_TARGETS_NO_UPDATE require an executable protection");
#undef WHY
  if (why.len)
    rule_report(rc, ev->loc, "invalid protection 0x%llx for %s: %s", p, ev->callee, why.s);
  sb_free(&why);
}
