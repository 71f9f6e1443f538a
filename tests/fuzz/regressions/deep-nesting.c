#include <ntddk.h>
void f(int x) { if (x) { if (x) { if (x) { if (x) { if (x) { if (x) { if (x) { x++; } } } } } } } }
