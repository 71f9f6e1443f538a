/* secure-probe-mode: ProbeMode of MmSecureVirtualMemory[Ex] must be PAGE_READWRITE (0x04) or
 * PAGE_READONLY (0x02); MmSecureVirtualMemoryEx Flags may hold only MM_SECURE_* bits.
 * Only compile-time constants are judged. */
#include <string.h>

#include "rules.h"

enum { PAGE_READONLY_ = 0x02, PAGE_READWRITE_ = 0x04, MM_SECURE_ALL = 0x1 | 0x2 | 0x4 | 0x8 };

void secure_probe_mode_check(rule_ctx *rc, const event *ev) {
  if (ev->kind != EV_CALL || !handles_is_secure(ev->callee)) return;
  if (ev->nargs >= 3 && ev->args[2]->is_const) {
    long long m = ev->args[2]->ival;
    if (m != PAGE_READWRITE_ && m != PAGE_READONLY_) {
      rule_report(rc, ev->loc,
                  "%s ProbeMode 0x%llx is not PAGE_READWRITE or PAGE_READONLY; the routine accepts only "
                  "those two protections",
                  ev->callee, (unsigned long long)m);
      return;
    }
  }
  if (!strcmp(ev->callee, "MmSecureVirtualMemoryEx") && ev->nargs >= 4 && ev->args[3]->is_const) {
    long long fl = ev->args[3]->ival;
    if (fl & ~(long long)MM_SECURE_ALL)
      rule_report(rc, ev->loc,
                  "MmSecureVirtualMemoryEx Flags 0x%llx contain bits other than MM_SECURE_EXCLUSIVE, "
                  "MM_SECURE_NO_CHANGE, MM_SECURE_USER_MODE_ONLY and MM_SECURE_NO_INHERIT (0x%llx)",
                  (unsigned long long)fl, (unsigned long long)(fl & ~(long long)MM_SECURE_ALL));
  }
}
