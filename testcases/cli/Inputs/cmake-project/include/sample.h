/* Found only through the target's include directories. */
#define SAMPLE_PROBE_MODE PAGE_READWRITE
