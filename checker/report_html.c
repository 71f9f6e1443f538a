/* HTML report: one self-contained page for a code reviewer (inline CSS, no script, no
 * external resource; a Content-Security-Policy forbids both): totals, findings by rule
 * and by file, then every finding with its message, a code excerpt, its related
 * locations and the rule's help, and the rule pages at the end. Every string that comes
 * from the analysed tree (paths, source text, messages, function names) or from the
 * rule pages is cleaned of control characters and HTML-escaped. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"
#include "util.h"

enum { CONTEXT_LINES = 2 };

static const char style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1f2328;background:#f6f8fa}"
    "header{background:#24292f;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}"
    "header p{margin:4px 0 0;color:#d0d7de}main{padding:8px 32px 32px;max-width:1200px}"
    "h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}"
    "h3.file{font:600 15px ui-monospace,Menlo,Consolas,monospace;margin:20px 0 8px;word-break:break-all}"
    "table{border-collapse:collapse;background:#fff;margin-bottom:8px}"
    "th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}"
    "th{background:#eaeef2}td:first-child{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".finding{background:#fff;border:1px solid #d0d7de;border-left:6px solid #9a6700;border-radius:6px;"
    "padding:10px 14px;margin:10px 0}"
    ".finding.error{border-left-color:#cf222e}.finding.note{border-left-color:#0969da}"
    ".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;"
    "background:#9a6700}.badge.error{background:#cf222e}.badge.note{background:#0969da}"
    ".loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;color:#57606a;word-break:break-all}"
    ".msg{margin:6px 0;font-weight:500}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}"
    "pre.code{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:6px 0;overflow-x:auto;"
    "margin:6px 0}pre.code span.ln{display:inline-block;width:5em;text-align:right;padding-right:10px;"
    "color:#8c959f;user-select:none}pre.code .hit{background:#fff8c5;display:block}"
    "pre.code mark{background:#ffd8b5;border-bottom:2px solid #cf222e}"
    "ul.notes{margin:4px 0;padding-left:20px}ul.notes li{margin:4px 0}"
    "details{margin-top:6px}summary{cursor:pointer;color:#0969da}"
    ".doc{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:4px 16px;margin:10px 0}"
    ".doc pre{background:#f6f8fa;padding:8px;border-radius:4px;overflow-x:auto}"
    ".doc code{background:#eff1f3;padding:0 3px;border-radius:3px}.doc pre code{background:none;padding:0}"
    ".empty{font-size:16px;color:#1a7f37;font-weight:600}";

/* ---- escaping ----------------------------------------------------------------------- */

/* Write n bytes of s HTML-escaped (s must be clean already). */
static void put_escn(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    switch (s[i]) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(s[i], out);
    }
  }
}

/* Write text from the analysed tree: cleaned, then escaped. */
static void put_text(FILE *out, const char *s) {
  char *c = report_clean(s ? s : "", false);
  put_escn(out, c, strlen(c));
  free(c);
}

static void put_loc(FILE *out, const char *file, int line, int col) {
  fputs("<span class=\"loc\">", out);
  put_text(out, file);
  fprintf(out, ":%d:%d</span>", line, col);
}

/* ---- code excerpts ------------------------------------------------------------------ */

/* One source line; on the finding's line the token at col is marked. */
static void put_code_line(FILE *out, const char *text, int line, int col, bool hit) {
  char *c = report_clean(text, false);
  fprintf(out, "<span class=\"%s\"><span class=\"ln\">%d</span>", hit ? "hit" : "ctx", line);
  size_t n = strlen(c), at = col > 0 ? (size_t)col - 1 : n;
  if (!hit || at >= n || ((unsigned char)c[at] & 0xC0) == 0x80) {
    put_escn(out, c, n);
  } else {
    size_t end = at + 1;
    while (end < n && ((unsigned char)c[end] & 0xC0) == 0x80) end++;
    if (isalnum((unsigned char)c[at]) || c[at] == '_')
      while (end < n && (isalnum((unsigned char)c[end]) || c[end] == '_')) end++;
    put_escn(out, c, at);
    fputs("<mark>", out);
    put_escn(out, c + at, end - at);
    fputs("</mark>", out);
    put_escn(out, c + end, n - end);
  }
  fputs(hit ? "</span>" : "</span>\n", out);
  free(c);
}

/* The lines around file:line (context lines before and after), or nothing if the file
 * cannot be read. */
static void put_excerpt(FILE *out, source_cache *src, const char *file, int line, int col, int context) {
  if (!source_line(src, file, line)) return;
  fputs("<pre class=\"code\">", out);
  for (int k = line - context; k <= line + context; k++) {
    const char *t = k >= 1 ? source_line(src, file, k) : NULL;
    if (t) put_code_line(out, t, k, col, k == line);
  }
  fputs("</pre>\n", out);
}

/* ---- rule pages (a small Markdown subset) ------------------------------------------ */

/* Inline Markdown: `code`, **bold**, [text](target) shown as text; the rest escaped. */
static void put_inline(FILE *out, const char *s) {
  while (*s) {
    const char *close;
    if (*s == '`' && (close = strchr(s + 1, '`'))) {
      fputs("<code>", out);
      put_escn(out, s + 1, (size_t)(close - s - 1));
      fputs("</code>", out);
      s = close + 1;
    } else if (!strncmp(s, "**", 2) && (close = strstr(s + 2, "**"))) {
      fputs("<strong>", out);
      put_escn(out, s + 2, (size_t)(close - s - 2));
      fputs("</strong>", out);
      s = close + 2;
    } else if (*s == '[' && (close = strstr(s, "](")) && strchr(close, ')') && !memchr(s, '`', (size_t)(close - s))) {
      put_escn(out, s + 1, (size_t)(close - s - 1));
      s = strchr(close, ')') + 1;
    } else {
      put_escn(out, s, 1);
      s++;
    }
  }
}

typedef enum { MD_NONE, MD_PARA, MD_LIST, MD_TABLE, MD_CODE } md_block;

static void md_close(FILE *out, md_block *b) {
  static const char *const end[] = {"", "</p>\n", "</li></ul>\n", "</table>\n", "</code></pre>\n"};
  fputs(end[*b], out);
  *b = MD_NONE;
}

static void md_table_row(FILE *out, const char *line, bool head) {
  char *row = xstrdup(line + 1);
  size_t n = strlen(row);
  while (n && (row[n - 1] == '|' || isspace((unsigned char)row[n - 1]))) row[--n] = 0;
  fputs("<tr>", out);
  for (char *cell = row, *bar; cell; cell = bar ? bar + 1 : NULL) {
    bar = strchr(cell, '|');
    if (bar) *bar = 0;
    while (isspace((unsigned char)*cell)) cell++;
    fputs(head ? "<th>" : "<td>", out);
    put_inline(out, cell);
    fputs(head ? "</th>" : "</td>", out);
  }
  fputs("</tr>\n", out);
  free(row);
}

static bool is_table_rule(const char *l) { return l[0] == '|' && strspn(l, "|-: ") == strlen(l); }

/* Start block b (closing the current one) with the given opening tag. */
static void md_open(FILE *out, md_block *cur, md_block b, const char *tag) {
  md_close(out, cur);
  fputs(tag, out);
  *cur = b;
}

static void md_heading(FILE *out, const char *l) {
  int level = (int)strspn(l, "#") + 2; /* the page sits under the report's own headings */
  if (level > 6) level = 6;
  fprintf(out, "<h%d>", level);
  put_inline(out, l + strspn(l, "# "));
  fprintf(out, "</h%d>\n", level);
}

/* One line of a page, given the block it continues. */
static void md_line(FILE *out, const char *l, md_block *b) {
  bool code_fence = !strncmp(l, "```", 3);
  if (*b == MD_CODE) {
    if (code_fence) {
      md_close(out, b);
    } else {
      put_escn(out, l, strlen(l));
      fputc('\n', out);
    }
  } else if (code_fence) {
    md_open(out, b, MD_CODE, "<pre><code>");
  } else if (strspn(l, " \t") == strlen(l)) {
    md_close(out, b);
  } else if (l[0] == '#') {
    md_close(out, b);
    md_heading(out, l);
  } else if (l[0] == '|') {
    bool head = *b != MD_TABLE;
    if (head) md_open(out, b, MD_TABLE, "<table>\n");
    if (head || !is_table_rule(l)) md_table_row(out, l, head);
  } else if ((l[0] == '-' || l[0] == '*') && l[1] == ' ') {
    if (*b == MD_LIST) fputs("</li><li>", out);
    else md_open(out, b, MD_LIST, "<ul><li>");
    put_inline(out, l + 2);
  } else {
    if (*b == MD_PARA || *b == MD_LIST) fputc('\n', out);
    else md_open(out, b, MD_PARA, "<p>");
    put_inline(out, l + strspn(l, " \t"));
  }
}

/* The Markdown page of a rule as HTML (the page was cleaned when it was read). */
static void put_markdown(FILE *out, const char *doc) {
  char *copy = xstrdup(doc);
  md_block b = MD_NONE;
  for (char *line = copy, *nl; line; line = nl ? nl + 1 : NULL) {
    nl = strchr(line, '\n');
    if (nl) *nl = 0;
    md_line(out, line, &b);
  }
  md_close(out, &b);
  free(copy);
}

/* ---- sections ----------------------------------------------------------------------- */

static const char *sev_class(severity s) { return severity_name(s); }

static void put_head(FILE *out, const finding_list *l) {
  int by_sev[3] = {0, 0, 0}, files = 0;
  for (int i = 0; i < l->n; i++) {
    by_sev[l->v[i].sev]++;
    if (i == 0 || strcmp(l->v[i - 1].file, l->v[i].file)) files++;
  }
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>drvcheck report</title>\n<style>",
        out);
  fputs(style, out);
  fputs("</style>\n</head>\n<body>\n<header><h1>drvcheck report</h1>\n", out);
  fprintf(out, "<p>drvcheck %s &middot; %d finding%s in %d file%s &middot; %d error%s, %d warning%s, %d note%s</p>",
          DRVCHECK_VERSION, l->n, l->n == 1 ? "" : "s", files, files == 1 ? "" : "s", by_sev[SEV_ERROR],
          by_sev[SEV_ERROR] == 1 ? "" : "s", by_sev[SEV_WARNING], by_sev[SEV_WARNING] == 1 ? "" : "s",
          by_sev[SEV_NOTE], by_sev[SEV_NOTE] == 1 ? "" : "s");
  fputs("</header>\n<main>\n", out);
}

static int count_rule(const finding_list *l, const char *id) {
  int n = 0;
  for (int i = 0; i < l->n; i++) n += !strcmp(l->v[i].rule, id);
  return n;
}

static void put_rule_row(FILE *out, const char *id, severity sev, int n) {
  fprintf(out, "<tr><td><a href=\"#rule-%s\"><code>%s</code></a></td><td><span class=\"badge %s\">%s</span></td>"
               "<td class=\"n\">%d</td><td>",
          id, id, sev_class(sev), severity_name(sev), n);
  put_text(out, report_rule_summary(id));
  fputs("</td></tr>\n", out);
}

static void put_by_rule(FILE *out, const finding_list *l, const report_opts *o) {
  fputs("<h2 id=\"by-rule\">Findings by rule</h2>\n", out);
  if (l->n) {
    fputs("<table>\n<tr><th>rule</th><th>severity</th><th>findings</th><th>what it checks</th></tr>\n", out);
    for (int i = 0; i < rule_count; i++) {
      int n = count_rule(l, rule_table[i].id);
      if (n) put_rule_row(out, rule_table[i].id, report_rule_severity(o, i), n);
    }
    int ce = count_rule(l, "compiler-error");
    if (ce) put_rule_row(out, "compiler-error", SEV_ERROR, ce);
    fputs("</table>\n", out);
  }
  fputs("<p>Checked without findings:", out);
  bool any = false;
  for (int i = 0; i < rule_count; i++)
    if (report_rule_enabled(o, i) && !count_rule(l, rule_table[i].id)) {
      fprintf(out, "%s <code>%s</code>", any ? "," : "", rule_table[i].id);
      any = true;
    }
  fputs(any ? ".</p>\n" : " none.</p>\n", out);
}

static void put_by_file(FILE *out, const finding_list *l) {
  if (!l->n) return;
  fputs("<h2 id=\"by-file\">Findings by file</h2>\n<table>\n<tr><th>file</th><th>errors</th><th>warnings</th>"
        "<th>notes</th><th>total</th></tr>\n",
        out);
  for (int i = 0, fileno = 0; i < l->n; fileno++) {
    int j = i, by_sev[3] = {0, 0, 0};
    for (; j < l->n && !strcmp(l->v[j].file, l->v[i].file); j++) by_sev[l->v[j].sev]++;
    fprintf(out, "<tr><td><a href=\"#file-%d\" class=\"loc\">", fileno);
    put_text(out, l->v[i].file);
    fprintf(out, "</a></td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                 "</tr>\n",
            by_sev[SEV_ERROR], by_sev[SEV_WARNING], by_sev[SEV_NOTE], j - i);
    i = j;
  }
  fputs("</table>\n", out);
}

static void put_finding(FILE *out, const finding *f, int index, source_cache *src) {
  fprintf(out, "<article class=\"finding %s\" id=\"finding-%d\">\n<div><span class=\"badge %s\">%s</span> "
               "<a href=\"#rule-%s\"><code>%s</code></a> ",
          sev_class(f->sev), index + 1, sev_class(f->sev), severity_name(f->sev), f->rule, f->rule);
  put_loc(out, f->file, f->line, f->col);
  if (f->function) {
    fputs(" <span class=\"loc\">in <code>", out);
    put_text(out, f->function);
    fputs("</code></span>", out);
  }
  fputs("</div>\n<p class=\"msg\">", out);
  put_text(out, f->msg);
  fputs("</p>\n", out);
  put_excerpt(out, src, f->file, f->line, f->col, CONTEXT_LINES);
  if (f->nnotes) {
    fputs("<ul class=\"notes\">\n", out);
    for (int k = 0; k < f->nnotes; k++) {
      const note *n = &f->notes[k];
      fputs("<li>note: ", out);
      put_loc(out, n->file, n->line, n->col);
      fputs(" ", out);
      put_text(out, n->msg);
      put_excerpt(out, src, n->file, n->line, n->col, 0);
      fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
  }
  fprintf(out, "<details><summary>About <code>%s</code></summary><p>", f->rule);
  put_text(out, report_rule_summary(f->rule));
  fprintf(out, " &mdash; <a href=\"#rule-%s\">the rule's page</a></p></details>\n</article>\n", f->rule);
}

static void put_findings(FILE *out, const finding_list *l, source_cache *src) {
  fputs("<h2 id=\"findings\">Findings</h2>\n", out);
  if (!l->n) {
    fputs("<p class=\"empty\">No findings.</p>\n", out);
    return;
  }
  for (int i = 0, fileno = -1; i < l->n; i++) {
    if (i == 0 || strcmp(l->v[i - 1].file, l->v[i].file)) {
      fprintf(out, "<h3 class=\"file\" id=\"file-%d\">", ++fileno);
      put_text(out, l->v[i].file);
      fputs("</h3>\n", out);
    }
    put_finding(out, &l->v[i], i, src);
  }
}

/* The page of every rule that has findings. */
static void put_rule_pages(FILE *out, const finding_list *l, const report_opts *o) {
  if (l->n) fputs("<h2 id=\"rules\">Rules</h2>\n", out);
  for (int i = 0; i < rule_count; i++) {
    const char *id = rule_table[i].id;
    if (!count_rule(l, id)) continue;
    fprintf(out, "<section class=\"doc\" id=\"rule-%s\">\n", id);
    char *doc = report_rule_doc(id);
    if (doc) {
      put_markdown(out, doc);
    } else {
      fprintf(out, "<h3>%s</h3>\n<p>", id);
      put_text(out, rule_table[i].summary);
      fputs("</p>\n", out);
    }
    free(doc);
    fputs("</section>\n", out);
  }
  if (!count_rule(l, "compiler-error")) return;
  fputs("<section class=\"doc\" id=\"rule-compiler-error\">\n<h3>compiler-error</h3>\n<p>", out);
  put_text(out, report_rule_summary("compiler-error"));
  fputs(". Fix the error, or the include paths and defines drvcheck was given.</p>\n</section>\n", out);
}

bool report_html(FILE *out, const finding_list *l, source_cache *src, const report_opts *o) {
  put_head(out, l);
  put_by_rule(out, l, o);
  put_by_file(out, l);
  put_findings(out, l, src);
  put_rule_pages(out, l, o);
  fputs("</main>\n</body>\n</html>\n", out);
  return !ferror(out);
}
