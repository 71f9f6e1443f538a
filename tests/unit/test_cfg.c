/* Unit tests of the CFG builder (lower.c) and the dataflow engine (flow.c): each snippet is
 * parsed with libclang, lowered, and the graph or the engine's result is checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domains.h"
#include "flow.h"
#include "lower.h"
#include "parse.h"

static CXIndex idx;

/* Parse and lower a C snippet written to a temporary file. */
static tu_model *lower_snippet(const char *code) {
  char path[] = "/tmp/drvcheck-unit-XXXXXX.c";
  int fd = mkstemps(path, 2);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, code, strlen(code)), (ssize_t)strlen(code));
  close(fd);
  const char *args[] = {"-x", "c", "--target=x86_64-w64-mingw32", "-fms-extensions", "-resource-dir",
                        DRVCHECK_RESOURCE_DIR};
  CXTranslationUnit ctu = NULL;
  assert_int_equal(clang_parseTranslationUnit2(idx, path, args, 6, NULL, 0, 0, &ctu), CXError_Success);
  for (unsigned i = 0; i < clang_getNumDiagnostics(ctu); i++) {
    CXDiagnostic d = clang_getDiagnostic(ctu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      CXString s = clang_formatDiagnostic(d, 0);
      fprintf(stderr, "%s\n", clang_getCString(s));
      fail_msg("snippet does not compile");
    }
    clang_disposeDiagnostic(d);
  }
  tu_model *tu = calloc(1, sizeof *tu);
  lower_tu(ctu, path, tu);
  clang_disposeTranslationUnit(ctu);
  unlink(path);
  return tu;
}

static void free_tu(tu_model *tu) {
  tu_free(tu);
  free(tu);
}

static const function *fn(const tu_model *tu, const char *name) {
  int i = tu_find_function(tu, name);
  assert_true(i >= 0);
  return &tu->fns[i];
}

/* Block containing the first call to `callee` (and its index in the block). */
static int block_of_call(const function *f, const char *callee, const event **ev) {
  for (int b = 0; b < f->nblocks; b++)
    for (int i = 0; i < f->blocks[b].nev; i++) {
      const event *e = f->blocks[b].ev[i];
      if (e->kind == EV_CALL && e->callee && !strcmp(e->callee, callee)) {
        if (ev) *ev = e;
        return b;
      }
    }
  fail_msg("no call to %s", callee);
  return -1;
}

/* Is `to` reachable from `from` (following normal and exception edges)? `avoid` blocks
 * containing a call to this name are not entered (NULL: none). */
static bool reaches(const function *f, int from, int to, const char *avoid) {
  char *seen = calloc((size_t)f->nblocks, 1);
  int *stack = malloc(sizeof(int) * (size_t)f->nblocks * 4 + 4), sp = 0;
  bool found = false;
  stack[sp++] = from;
  seen[from] = 1;
  while (sp && !found) {
    int b = stack[--sp];
    const block *bl = &f->blocks[b];
    for (int i = 0; i <= bl->nsucc; i++) {
      int t = i < bl->nsucc ? bl->succ[i].to : bl->exc;
      if (t < 0) continue;
      if (t == to) {
        found = true;
        break;
      }
      if (seen[t]) continue;
      if (avoid) {
        bool has = false;
        for (int k = 0; k < f->blocks[t].nev; k++)
          if (f->blocks[t].ev[k]->kind == EV_CALL && f->blocks[t].ev[k]->callee &&
              !strcmp(f->blocks[t].ev[k]->callee, avoid))
            has = true;
        if (has) continue;
      }
      seen[t] = 1;
      stack[sp++] = t;
    }
  }
  free(seen);
  free(stack);
  return found;
}

static bool reachable_from_entry(const function *f, const char *callee) {
  int b = block_of_call(f, callee, NULL);
  return b == f->entry || reaches(f, f->entry, b, NULL);
}

static void test_if_else(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void a(void); void b(void); void c(void);\n"
                               "void f(int x) { if (x) a(); else b(); c(); }\n");
  const function *f = fn(tu, "f");
  int ba = block_of_call(f, "a", NULL), bb = block_of_call(f, "b", NULL), bc = block_of_call(f, "c", NULL);
  assert_int_not_equal(ba, bb);
  assert_true(reaches(f, ba, bc, NULL));
  assert_true(reaches(f, bb, bc, NULL));
  assert_false(reaches(f, ba, bb, NULL));
  assert_non_null(f->blocks[f->entry].cond);
  assert_int_equal(f->blocks[f->entry].nsucc, 2);
  free_tu(tu);
}

static void test_constant_condition_unreachable(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void a(void); void b(void);\n"
                               "void f(void) { if (0) a(); b(); return; b(); a(); }\n");
  const function *f = fn(tu, "f");
  assert_false(reachable_from_entry(f, "a"));
  assert_true(reachable_from_entry(f, "b"));
  free_tu(tu);
}

static void test_loops(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void a(void); void b(void); void c(void); void d(void); int g(void);\n"
                               "void w(int n) { while (g()) { if (n) break; a(); } b(); }\n"
                               "void dw(void) { do { a(); if (g()) continue; c(); } while (g()); d(); }\n"
                               "void fr(void) { for (;;) { a(); if (g()) break; } b(); }\n"
                               "void fr2(int n) { int i; for (i = 0; ; i++) { if (i > n) break; a(); } c(); }\n");
  const function *f = fn(tu, "w");
  int ba = block_of_call(f, "a", NULL);
  assert_true(reaches(f, ba, ba, NULL)); /* back edge */
  assert_true(reaches(f, ba, block_of_call(f, "b", NULL), NULL));
  f = fn(tu, "dw");
  assert_true(reaches(f, block_of_call(f, "a", NULL), block_of_call(f, "d", NULL), "c")); /* continue skips c */
  f = fn(tu, "fr");
  assert_true(reachable_from_entry(f, "b")); /* only through break */
  f = fn(tu, "fr2");
  assert_true(reachable_from_entry(f, "c"));
  assert_true(reaches(f, block_of_call(f, "a", NULL), block_of_call(f, "a", NULL), NULL));
  free_tu(tu);
}

static void test_switch_fallthrough_default(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void a(void); void b(void); void c(void); void d(void);\n"
                               "void f(int x) { switch (x) { case 1: a(); case 2: b(); break; default: c(); } d(); }\n"
                               "void g(int x) { switch (x) { case 1: a(); break; } d(); }\n");
  const function *f = fn(tu, "f");
  int ba = block_of_call(f, "a", NULL), bb = block_of_call(f, "b", NULL), bc = block_of_call(f, "c", NULL);
  assert_true(reaches(f, ba, bb, NULL));  /* fall-through */
  assert_false(reaches(f, bb, bc, NULL)); /* break */
  /* with a default, d is reached only through a case */
  assert_false(reaches(f, f->entry, block_of_call(f, "d", NULL), "b") &&
               !reaches(f, f->entry, block_of_call(f, "d", NULL), "c"));
  const function *g = fn(tu, "g");
  assert_true(reaches(g, g->entry, block_of_call(g, "d", NULL), "a")); /* no default: skip */
  free_tu(tu);
}

static void test_goto_and_return(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void a(void); void b(void); void c(void); int g(void);\n"
                               "int f(void) { if (g()) goto out; a(); return 1; b(); out: c(); return 0; }\n");
  const function *f = fn(tu, "f");
  assert_false(reachable_from_entry(f, "b")); /* after return */
  int ba = block_of_call(f, "a", NULL), bc = block_of_call(f, "c", NULL);
  assert_true(reaches(f, f->entry, bc, "a"));
  assert_false(reaches(f, ba, bc, NULL));
  int exits = 0;
  for (int b = 0; b < f->nblocks; b++)
    for (int i = 0; i < f->blocks[b].nev; i++) exits += f->blocks[b].ev[i]->kind == EV_EXIT;
  assert_int_equal(exits, 3); /* two returns and the closing brace */
  free_tu(tu);
}

static void test_noreturn(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("void ExRaiseStatus(long); void a(void); int g(void);\n"
                               "void f(void) { if (g()) { ExRaiseStatus(5); a(); } }\n");
  const function *f = fn(tu, "f");
  assert_false(reachable_from_entry(f, "a"));
  free_tu(tu);
}

static void test_seh(void **st) {
  (void)st;
  tu_model *tu = lower_snippet(
      "void a(void); void b(void); void c(void); void d(void); void e(void); int g(void);\n"
      "void f(void) { __try { a(); b(); } __except (1) { c(); } d(); }\n"
      "void fin(void) { __try { a(); if (g()) return; b(); } __finally { c(); } d(); }\n"
      "void lv(void) { __try { a(); if (g()) __leave; b(); } __except (1) { c(); } d(); }\n"
      "void nest(void) { __try { __try { a(); } __finally { b(); } } __except (1) { c(); } }\n");
  const function *f = fn(tu, "f");
  const event *ea, *ec, *ed;
  int ba = block_of_call(f, "a", &ea), bc = block_of_call(f, "c", &ec), bd = block_of_call(f, "d", &ed);
  assert_true(ea->covered);
  assert_false(ec->covered); /* the __except block is not covered */
  assert_false(ed->covered);
  assert_int_not_equal(f->blocks[ba].exc, -1);
  assert_true(reaches(f, ba, bc, NULL));
  assert_true(reaches(f, ba, bd, "c"));
  f = fn(tu, "fin");
  const event *fa;
  ba = block_of_call(f, "a", &fa);
  assert_false(fa->covered); /* __finally alone covers nothing */
  bc = block_of_call(f, "c", NULL);
  int exit_via_finally = 0;
  for (int b = 0; b < f->nblocks; b++)
    if (f->blocks[b].nev && f->blocks[b].ev[0]->kind == EV_EXIT && f->blocks[b].ev[0]->loc.line == 3)
      exit_via_finally = reaches(f, bc, b, NULL) && !reaches(f, ba, b, "c");
  assert_true(exit_via_finally); /* the return goes through the finally block */
  f = fn(tu, "lv");
  assert_true(reaches(f, block_of_call(f, "a", NULL), block_of_call(f, "d", NULL), "b"));
  f = fn(tu, "nest");
  const event *na;
  block_of_call(f, "a", &na);
  assert_true(na->covered); /* try/finally inside a covered try */
  free_tu(tu);
}

static void test_conditional_and_finally_jumps(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("int p(void); int q(void); int r(void); void a(void); void b(void); void c(void);\n"
                               "int f(void) { return p() ? q() : r(); }\n"
                               "void g(void) { while (p()) { __try { if (q()) break; if (r()) continue; a(); }\n"
                               "  __finally { b(); } } c(); }\n");
  const function *f = fn(tu, "f");
  /* both arms of ?: are reachable, each only on its own branch */
  assert_true(reaches(f, f->entry, block_of_call(f, "q", NULL), "r"));
  assert_true(reaches(f, f->entry, block_of_call(f, "r", NULL), "q"));
  const function *g = fn(tu, "g");
  int bb = block_of_call(g, "b", NULL), bc = block_of_call(g, "c", NULL);
  /* break and continue leave the __try through the __finally block */
  assert_true(reaches(g, bb, bc, NULL));
  assert_false(reaches(g, block_of_call(g, "q", NULL), bc, "b"));
  assert_true(reaches(g, bb, block_of_call(g, "p", NULL), NULL));
  free_tu(tu);
}

static void test_short_circuit(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("int p(void); int q(void); void a(void);\n"
                               "void f(void) { if (p() && q()) a(); }\n"
                               "void g(void) { if (p() || q()) a(); }\n");
  const function *f = fn(tu, "f");
  assert_true(reaches(f, block_of_call(f, "p", NULL), block_of_call(f, "a", NULL), NULL));
  assert_int_not_equal(block_of_call(f, "p", NULL), block_of_call(f, "q", NULL));
  const function *g = fn(tu, "g");
  assert_true(reaches(g, g->entry, block_of_call(g, "a", NULL), "q")); /* p() true skips q() */
  free_tu(tu);
}

static void test_events(void **st) {
  (void)st;
  tu_model *tu = lower_snippet("typedef struct S { int *p; int v; } S; void *alloc(void); void use(int *);\n"
                               "void f(S *s, int *q) { int *l = q + 1; *l = 2; s->v = 1; use(&s->v);\n"
                               "  alloc(); l = (int *)alloc(); }\n");
  const function *f = fn(tu, "f");
  int access = 0, assign = 0;
  const event *alloc1 = NULL;
  for (int b = 0; b < f->nblocks; b++)
    for (int i = 0; i < f->blocks[b].nev; i++) {
      const event *e = f->blocks[b].ev[i];
      access += e->kind == EV_ACCESS;
      assign += e->kind == EV_ASSIGN;
      if (e->kind == EV_CALL && !strcmp(e->callee, "alloc") && !alloc1) alloc1 = e;
    }
  assert_int_equal(access, 2); /* *l and s->v; &s->v is not an access */
  assert_int_equal(assign, 4); /* l = q + 1, *l = 2, s->v = 1, l = alloc() */
  assert_non_null(alloc1);
  assert_int_equal(alloc1->use, RU_DISCARDED);
  assert_int_equal(f->calls[2]->use, RU_ASSIGNED);
  free_tu(tu);
}

/* ---- engine ------------------------------------------------------------------------- */

static int leaks;
static void count_leaks(fn_ctx *fc, void *blob, const event *ev, void *user) {
  (void)user;
  if (ev->kind != EV_EXIT) return;
  for (int a = 0; a < handles_acq_count(fc); a++)
    if (handles_acq_event(fc, a) && (handles_status(fc, blob, a) & (H_UNCHECKED | H_NONNULL))) leaks++;
}

static int run_leaks(const char *code, const char *name) {
  tu_model *tu = lower_snippet(code);
  void **td = flow_tu_init(tu);
  leaks = 0;
  assert_true(flow_run(tu, td, tu_find_function(tu, name), count_leaks, NULL));
  flow_tu_free(td);
  free_tu(tu);
  return leaks;
}

#define SECURE_DECLS                                                                                           \
  "void *MmSecureVirtualMemory(void *, unsigned long long, unsigned long);\n"                                  \
  "void MmUnsecureVirtualMemory(void *);\nint g(void);\n"

static void test_flag_tested_twice(void **st) {
  (void)st;
  assert_int_equal(run_leaks(SECURE_DECLS "void f(void *p, int flag) { void *h = 0;\n"
                                          "  if (flag) { h = MmSecureVirtualMemory(p, 4, 4); if (!h) return; }\n"
                                          "  g();\n  if (flag) MmUnsecureVirtualMemory(h); }\n",
                             "f"),
                   0);
  assert_int_equal(run_leaks(SECURE_DECLS "void f(void *p, int flag) { void *h = 0;\n"
                                          "  if (flag) { h = MmSecureVirtualMemory(p, 4, 4); if (!h) return; }\n"
                                          "  if (g()) MmUnsecureVirtualMemory(h); }\n",
                             "f"),
                   1);
}

/* Accesses the user domain marks as user pointers outside __try/__except. */
static int user_hits;
static void count_user(fn_ctx *fc, void *blob, const event *ev, void *user) {
  (void)user;
  uint64_t u, x;
  if (ev->kind == EV_ACCESS && !user_covered(fc, ev) && !user_kernel_mode(fc, blob) &&
      user_eval(fc, blob, ev->ptr, true, &u, &x) && u)
    user_hits++;
}

static int run_user(const char *code, const char *name) {
  tu_model *tu = lower_snippet(code);
  void **td = flow_tu_init(tu);
  user_hits = 0;
  assert_true(flow_run(tu, td, tu_find_function(tu, name), count_user, NULL));
  flow_tu_free(td);
  free_tu(tu);
  return user_hits;
}

#define USER_DECLS                                                                                             \
  "typedef struct IRP { void *UserBuffer; char RequestorMode; } IRP;\n"                                        \
  "void ProbeForRead(void *, unsigned long, unsigned long);\n"                                                 \
  "void *memcpy(void *, const void *, unsigned long long);\n"

static void test_user_pointers(void **st) {
  (void)st;
  /* arithmetic, casts and &s->a[2] keep the mark; the kernel destination is not user */
  assert_int_equal(run_user(USER_DECLS "void f(IRP *irp, char *k) { char *p = (char *)irp->UserBuffer + 1;\n"
                                       "  struct T { char a[4]; } *s = (struct T *)p; memcpy(k, &s->a[2], 1); }\n",
                            "f"),
                   1);
  /* the kernel-mode branch is exempt */
  assert_int_equal(run_user(USER_DECLS "void f(IRP *irp) { char *p = irp->UserBuffer;\n"
                                       "  if (irp->RequestorMode == 0) p[0] = 1; }\n",
                            "f"),
                   0);
  /* the __except block is not covered */
  assert_int_equal(run_user(USER_DECLS "void f(IRP *irp) { char *p = irp->UserBuffer;\n"
                                       "  __try { p[0] = 1; } __except (1) { p[1] = 1; } }\n",
                            "f"),
                   1);
  /* a probed parameter is user in the whole function */
  assert_int_equal(run_user(USER_DECLS "void f(char *p) { __try { ProbeForRead(p, 1, 1); }\n"
                                       "  __except (1) { return; } p[0] = 1; }\n",
                            "f"),
                   1);
}

static void test_many_branches_linear(void **st) {
  (void)st;
  strbuf b = {0};
  sb_puts(&b, SECURE_DECLS "int f(void *p) { void *h = MmSecureVirtualMemory(p, 4, 4); if (!h) return 1;\n");
  for (int i = 0; i < 300; i++) sb_printf(&b, "  int v%d = g(); if (v%d) { MmUnsecureVirtualMemory(h); return %d; }\n", i, i, i + 2);
  sb_puts(&b, "  MmUnsecureVirtualMemory(h); return 0; }\n");
  assert_int_equal(run_leaks(b.s, "f"), 0);
  sb_free(&b);
}

int main(void) {
  idx = clang_createIndex(1, 0);
  domains_register_all();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_if_else),         cmocka_unit_test(test_constant_condition_unreachable),
      cmocka_unit_test(test_loops),           cmocka_unit_test(test_switch_fallthrough_default),
      cmocka_unit_test(test_goto_and_return), cmocka_unit_test(test_noreturn),
      cmocka_unit_test(test_seh),             cmocka_unit_test(test_short_circuit),
      cmocka_unit_test(test_conditional_and_finally_jumps),
      cmocka_unit_test(test_events),          cmocka_unit_test(test_flag_tested_twice),
      cmocka_unit_test(test_many_branches_linear),
      cmocka_unit_test(test_user_pointers),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  clang_disposeIndex(idx);
  return rc;
}
