/* Findings: what rules report, and the list operations applied before output
 * (suppression comments, severity filter, sorting, de-duplication). */
#ifndef DRVCHECK_FINDINGS_H
#define DRVCHECK_FINDINGS_H
#include <stdbool.h>
#include <stdint.h>

typedef enum severity { SEV_NOTE = 0, SEV_WARNING = 1, SEV_ERROR = 2 } severity;

typedef struct note {
  char *file;
  int line, col;
  char *msg;
} note;

typedef struct finding {
  const char *rule; /* rule id (static string) */
  severity sev;
  char *file;       /* path as the user named it (main file) or as clang reports it */
  int line, col;
  char *msg;
  char *function;   /* enclosing function, for fingerprints (may be NULL) */
  note *notes;
  int nnotes;
} finding;

typedef struct finding_list {
  finding *v;
  int n, cap;
} finding_list;

/* Add a finding (strings are copied); returns it so notes can be added. */
finding *findings_add(finding_list *l, const char *rule, severity sev, const char *file, int line, int col,
                      const char *function, const char *msg);
/* Add a related location to f. */
void finding_add_note(finding *f, const char *file, int line, int col, const char *msg);
/* Move every finding of src to the end of dst. */
void findings_append(finding_list *dst, finding_list *src);
/* Sort by (file, line, column, rule, message) and drop duplicates of (rule, file, line,
 * column); for rules reported once per line, also of (rule, file, line). */
void findings_sort_unique(finding_list *l);
void findings_free(finding_list *l);
/* Free the strings and notes of one finding. */
void finding_free(finding *f);
/* True for rules reported once per line (their findings on one line are duplicates). */
bool findings_once_per_line(const char *rule);
const char *severity_name(severity s);
/* Parse "error"/"warning"/"note"; false if not one of them. */
bool severity_parse(const char *s, severity *out);
#endif
