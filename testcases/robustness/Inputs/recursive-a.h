/* Includes recursive-b.h, which includes this file again: no include guard. */
#include "recursive-b.h"
