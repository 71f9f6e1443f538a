/* Analysis of one translation unit (see analyze.h). */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "domains.h"
#include "dump.h"
#include "reslimits.h"
#include "lower.h"
#include "pch.h"
#include "rules.h"
#include "seh.h"

void rule_config_defaults(rule_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  for (int i = 0; i < rule_count; i++) {
    cfg->enabled[i] = rule_table[i].on;
    cfg->sev[i] = rule_table[i].sev;
  }
}

typedef struct hook_ctx {
  const rule_config *cfg;
  finding_list *out;
} hook_ctx;

static void rules_hook(fn_ctx *fc, void *blob, const event *ev, void *user) {
  hook_ctx *h = user;
  if (!fc->fn->reportable) return;
  for (int i = 0; i < rule_count; i++) {
    if (!h->cfg->enabled[i]) continue;
    rule_ctx rc = {fc, blob, h->out, &rule_table[i], h->cfg->sev[i]};
    rule_table[i].check(&rc, ev);
  }
}

static void report_diagnostics(CXTranslationUnit ctu, const char *file, finding_list *out) {
  unsigned n = clang_getNumDiagnostics(ctu);
  CXFile mainf = clang_getFile(ctu, file);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      CXFile f;
      unsigned line, col, off;
      clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, &off);
      CXString msg = clang_getDiagnosticSpelling(d);
      const char *path = file;
      CXString fname = {0};
      bool other = f && mainf && !clang_File_isEqual(f, mainf);
      if (!f) line = col = 1; /* command-line or built-in location */
      if (other) {
        fname = clang_getFileName(f);
        path = clang_getCString(fname);
      }
      findings_add(out, "compiler-error", SEV_ERROR, path, line ? (int)line : 1, col ? (int)col : 1, NULL,
                   clang_getCString(msg));
      if (other) clang_disposeString(fname);
      clang_disposeString(msg);
    }
    clang_disposeDiagnostic(d);
  }
}

/* True if the diagnostics say the precompiled header could not be used. */
static bool pch_rejected(CXTranslationUnit ctu) {
  bool bad = false;
  for (unsigned i = 0; i < clang_getNumDiagnostics(ctu) && !bad; i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Fatal) {
      CXString s = clang_getDiagnosticSpelling(d);
      const char *m = clang_getCString(s);
      bad = m && (strstr(m, "precompiled") || strstr(m, "PCH") || strstr(m, "AST file") || strstr(m, "pch"));
      clang_disposeString(s);
    }
    clang_disposeDiagnostic(d);
  }
  return bad;
}

/* Parse with the cached precompiled header prefix, or return NULL to parse normally. */
static CXTranslationUnit parse_with_pch(CXIndex idx, const char *file, const arg_list *args) {
  char *note = NULL;
  char *pch = pch_for(idx, file, args, &note);
  limits_begin_file(); /* building the shared prefix does not count against --timeout */
  if (!pch) {
    if (note) fprintf(diag_stream(), "drvcheck: note: %s: precompiled headers not used: %s\n", file, note);
    free(note);
    return NULL;
  }
  arg_list a = {0};
  for (int i = 0; i < args->n; i++) {
    if (!strcmp(args->v[i], "-include") && i + 1 < args->n && !strcmp(args->v[i + 1], "drvcheck_prelude.h")) {
      i++;
      continue;
    }
    args_push(&a, args->v[i]);
  }
  args_push(&a, "-include-pch");
  args_push(&a, pch);
  seh_after_pch(args, &a); /* configured SEH spellings win over definitions in the prefix */
  char *err = NULL;
  CXTranslationUnit ctu = parse_file(idx, file, &a, &err);
  args_free(&a);
  if (ctu && pch_rejected(ctu)) {
    fprintf(diag_stream(), "drvcheck: note: %s: precompiled header %s could not be used; parsing without it\n", file, pch);
    clang_disposeTranslationUnit(ctu);
    ctu = NULL;
  }
  free(err);
  free(pch);
  return ctu;
}

int analyze_file(CXIndex idx, const char *file, const arg_list *args, const rule_config *cfg, finding_list *out,
                 char **err) {
  limits_begin_file(); /* --timeout: the deadline of this file */
  int first = out->n;
  CXTranslationUnit ctu = cfg->no_cache ? NULL : parse_with_pch(idx, file, args);
  if (!ctu) ctu = parse_file(idx, file, args, err);
  if (!ctu) return -1;
  ctu = seh_reparse(idx, file, args, ctu); /* configured SEH macros the project redefines */
  report_diagnostics(ctu, file, out);
  tu_model tu = {0};
  if (!limits_expired()) lower_tu(ctu, file, &tu);
  clang_disposeTranslationUnit(ctu);
  if (cfg->dump_cfg) dump_tu(diag_stream(), &tu);
  void **tu_data = flow_tu_init(&tu);
  int *order = flow_bottom_up_order(&tu);
  bool *large = limits_large_functions(&tu, file); /* not analysed: notes printed */
  /* Pre-pass, callers before callees: domains gather call-site facts (entry IRQL, attach
   * state at each call of a same-TU function); repeated while those facts change. */
  if (flow_wants_prepass()) {
    for (int round = 0; round < 4 && !limits_expired(); round++) {
      for (int i = tu.nfns - 1; i >= 0 && !limits_expired(); i--)
        if (!large[order[i]]) flow_run(&tu, tu_data, order[i], NULL, NULL);
      if (!flow_tu_commit(tu_data)) break;
    }
  }
  /* Reporting pass, callees before callers, so summaries of callees are ready. */
  hook_ctx h = {cfg, out};
  for (int i = 0; i < tu.nfns && !limits_expired(); i++)
    if (!large[order[i]] && !flow_run(&tu, tu_data, order[i], rules_hook, &h) && !limits_expired() &&
        tu.fns[order[i]].reportable)
      limits_note_large(file, &tu.fns[order[i]]);
  free(large);
  free(order);
  flow_tu_free(tu_data);
  tu_free(&tu);
  if (limits_expired()) {
    limits_drop_findings(out, first);
    *err = xasprintf("%s: not analysed: the time limit of %g s was exceeded (--timeout)", file, limits_timeout());
    return -1;
  }
  return 0;
}
