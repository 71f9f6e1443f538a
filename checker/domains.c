/* The list of the engine's domains: each registers itself with the engine once. */
#include "domains.h"

void domains_register_all(void) {
  static bool done;
  if (done) return;
  done = true;
  handles_register();
  attach_register();
  user_register();
  mdl_register();
  irql_register();
}
