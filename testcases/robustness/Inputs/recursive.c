/* Headers that include each other without guards: clang stops the recursion with a
 * compiler error (exit 1) instead of looping. */
#include <ntddk.h>
#include "recursive-a.h"

int Twice(int x) { return 2 * x; }
