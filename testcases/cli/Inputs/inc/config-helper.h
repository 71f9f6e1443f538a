/* Reached only through the include-paths of a configuration (config.test). */
#define HELPER_SECURE(b, l) MmSecureVirtualMemory((b), (l), PAGE_READWRITE)
