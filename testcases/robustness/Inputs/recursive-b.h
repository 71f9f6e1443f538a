/* Includes recursive-a.h, which includes this file again: no include guard. */
#include "recursive-a.h"
