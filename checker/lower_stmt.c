/* Lowering of statements: blocks, branches, loops, switch, goto, return and
 * __try/__except/__finally/__leave (see lower_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

/* ---- statements --------------------------------------------------------------------- */

/* Jump from the current block to `target`, passing through every __finally between the
 * current try depth and `ntry`. */
static void jump(L *l, int target, int ntry) {
  int from = l->cur;
  for (int i = l->ntries - 1; i >= ntry; i--) {
    try_ctx *tc = &l->tries[i];
    if (tc->is_except) continue;
    lw_add_edge(l, from, tc->handler, EDGE_NORMAL);
    /* after this finally, continue to the next finally outward or the target */
    int next = target;
    for (int j = i - 1; j >= ntry; j--)
      if (!l->tries[j].is_except) {
        next = l->tries[j].handler;
        break;
      }
    VEC_PUSH(tc->pending, tc->npending, tc->cappending, next);
    l->cur = lw_new_block(l);
    return;
  }
  lw_add_edge(l, from, target, EDGE_NORMAL);
  l->cur = lw_new_block(l);
}

static int label_block(L *l, const char *name) {
  int id = intern(&l->labels, name);
  if (id >= l->caplabels) {
    int nc = l->caplabels ? l->caplabels * 2 : 16;
    while (nc <= id) nc *= 2;
    l->label_block = xrealloc(l->label_block, (size_t)nc * sizeof(int));
    for (int i = l->caplabels; i < nc; i++) l->label_block[i] = -1;
    l->caplabels = nc;
  }
  if (l->label_block[id] < 0) l->label_block[id] = lw_new_block(l);
  return l->label_block[id];
}

static void expr_stmt(L *l, CXCursor c) {
  value *v = lw_lx(l, c);
  if (v->kind == VK_CALL && v->call >= 0 && l->fn->calls[v->call]->use == RU_OTHER) {
    CXCursor s = lw_strip(c);
    if (clang_getCursorKind(s) == CXCursor_CallExpr) l->fn->calls[v->call]->use = RU_DISCARDED;
  }
}

static void lower_decl(L *l, CXCursor vd) {
  if (clang_getCursorKind(vd) != CXCursor_VarDecl) return;
  int id = lw_var_id(l, vd);
  value *lhs = lw_mkval(l, VK_VAR, lw_cursor_loc(l, vd));
  lhs->var = id;
  lhs->name = l->tu->vars[id].name;
  lw_set_key(l, lhs);
  CXCursor init = clang_Cursor_getVarDeclInitializer(vd);
  if (!clang_Cursor_isNull(init)) {
    value *r = lw_lx(l, init);
    event *e;
    lw_emit_assign(l, lhs, clang_getCursorKind(lw_strip(init)) == CXCursor_InitListExpr ? NULL : r,
                lhs->loc);
    e = l->fn->blocks[l->cur].ev[l->fn->blocks[l->cur].nev - 1];
    e->is_decl = true;
  } else if (l->tu->vars[id].kind == VAR_LOCAL) {
    event *e = lw_emit(l, EV_ASSIGN, lhs->loc);
    e->lhs = lhs;
    e->decl_uninit = true;
    e->is_decl = true;
  }
}

/* Classify the children of a for statement by the semicolons of its header, since
 * libclang omits the absent parts. */
static void for_parts(L *l, CXCursor c, CXCursor *init, CXCursor *cond, CXCursor *inc, CXCursor *body) {
  *init = *cond = *inc = *body = clang_getNullCursor();
  cursors cs = lw_children(c);
  CXToken *toks;
  unsigned n;
  CXSourceRange r = clang_getCursorExtent(c);
  clang_tokenize(l->ctu, r, &toks, &n);
  unsigned semi[2] = {0, 0}, rparen = 0;
  int ns = 0, depth = 0;
  for (unsigned i = 0; i < n; i++) {
    CXString s = clang_getTokenSpelling(l->ctu, toks[i]);
    const char *t = clang_getCString(s);
    unsigned off;
    clang_getSpellingLocation(clang_getTokenLocation(l->ctu, toks[i]), NULL, NULL, NULL, &off);
    if (!strcmp(t, "(")) depth++;
    else if (!strcmp(t, ")")) {
      if (--depth == 0) {
        rparen = off;
        clang_disposeString(s);
        break;
      }
    } else if (!strcmp(t, ";") && depth == 1 && ns < 2)
      semi[ns++] = off;
    clang_disposeString(s);
  }
  clang_disposeTokens(l->ctu, toks, n);
  for (int i = 0; i < cs.n; i++) {
    unsigned off;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(cs.v[i])), NULL, NULL, NULL, &off);
    if (i == cs.n - 1 && (ns < 2 || off > rparen)) *body = cs.v[i];
    else if (ns == 2 && off < semi[0]) *init = cs.v[i];
    else if (ns == 2 && off < semi[1]) *cond = cs.v[i];
    else if (ns == 2) *inc = cs.v[i];
    else *body = cs.v[i];
  }
  free(cs.v);
}

static void push_jump(L *l, int brk, int cont) {
  jump_ctx j = {brk, cont, l->ntries};
  VEC_PUSH(l->jumps, l->njumps, l->capjumps, j);
}

static void lower_loop_body(L *l, CXCursor body, int brk, int cont) {
  push_jump(l, brk, cont);
  if (!clang_Cursor_isNull(body)) lw_lower_stmt(l, body);
  l->njumps--;
}

static void lower_try(L *l, CXCursor c) {
  cursors cs = lw_children(c);
  if (cs.n < 2) {
    for (int i = 0; i < cs.n; i++) lw_lower_stmt(l, cs.v[i]);
    free(cs.v);
    return;
  }
  CXCursor body = cs.v[0], h = cs.v[1];
  bool is_except = clang_getCursorKind(h) == CXCursor_SEHExceptStmt;
  int handler = lw_new_block(l); /* exc of the enclosing try */
  int follow = lw_new_block(l);
  try_ctx tc = {is_except, handler, is_except ? follow : handler, NULL, 0, 0};
  VEC_PUSH(l->tries, l->ntries, l->captries, tc);
  if (is_except) l->covered++;
  int start = lw_new_block(l);
  lw_add_edge(l, l->cur, start, EDGE_NORMAL);
  l->cur = start;
  lw_lower_stmt(l, body);
  lw_add_edge(l, l->cur, is_except ? follow : handler, EDGE_NORMAL);
  if (is_except) l->covered--;
  try_ctx done = l->tries[--l->ntries];
  l->cur = handler;
  cursors hs = lw_children(h);
  if (is_except) {
    l->fn->blocks[handler].is_handler = true;
    if (hs.n >= 1) lw_lx(l, hs.v[0]); /* the filter expression */
    if (hs.n >= 2) lw_lower_stmt(l, hs.v[hs.n - 1]);
    lw_add_edge(l, l->cur, follow, EDGE_NORMAL);
  } else {
    if (hs.n >= 1) lw_lower_stmt(l, hs.v[hs.n - 1]);
    int end = l->cur;
    lw_add_edge(l, end, follow, EDGE_NORMAL);
    for (int i = 0; i < done.npending; i++) lw_add_edge(l, end, done.pending[i], EDGE_NORMAL);
    /* an exception unwinding through the finally goes on to the enclosing handler */
    if (l->fn->blocks[handler].exc >= 0) lw_add_edge(l, end, l->fn->blocks[handler].exc, EDGE_NORMAL);
  }
  free(done.pending);
  free(hs.v);
  free(cs.v);
  l->cur = follow;
}

void lw_lower_stmt(L *l, CXCursor c) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    l->depth--;
    return;
  }
  switch (k) {
  case CXCursor_CompoundStmt: {
    cursors cs = lw_children(c);
    for (int i = 0; i < cs.n; i++) lw_lower_stmt(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_DeclStmt: {
    cursors cs = lw_children(c);
    for (int i = 0; i < cs.n; i++) lower_decl(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_IfStmt: {
    cursors cs = lw_children(c);
    if (cs.n >= 2) {
      int t = lw_new_block(l), f = lw_new_block(l), join = cs.n >= 3 ? lw_new_block(l) : f;
      lw_lower_cond(l, cs.v[0], t, f);
      l->cur = t;
      lw_lower_stmt(l, cs.v[1]);
      lw_add_edge(l, l->cur, join, EDGE_NORMAL);
      if (cs.n >= 3) {
        l->cur = f;
        lw_lower_stmt(l, cs.v[2]);
        lw_add_edge(l, l->cur, join, EDGE_NORMAL);
      }
      l->cur = join;
    }
    free(cs.v);
    break;
  }
  case CXCursor_WhileStmt: {
    cursors cs = lw_children(c);
    if (cs.n >= 2) {
      int head = lw_new_block(l), body = lw_new_block(l), exit = lw_new_block(l);
      lw_add_edge(l, l->cur, head, EDGE_NORMAL);
      l->cur = head;
      lw_lower_cond(l, cs.v[cs.n - 2], body, exit);
      l->cur = body;
      lower_loop_body(l, cs.v[cs.n - 1], exit, head);
      lw_add_edge(l, l->cur, head, EDGE_NORMAL);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_DoStmt: {
    cursors cs = lw_children(c);
    if (cs.n >= 2) {
      int body = lw_new_block(l), condb = lw_new_block(l), exit = lw_new_block(l);
      lw_add_edge(l, l->cur, body, EDGE_NORMAL);
      l->cur = body;
      lower_loop_body(l, cs.v[0], exit, condb);
      lw_add_edge(l, l->cur, condb, EDGE_NORMAL);
      l->cur = condb;
      lw_lower_cond(l, cs.v[1], body, exit);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_ForStmt: {
    CXCursor init, cond, inc, body;
    for_parts(l, c, &init, &cond, &inc, &body);
    if (!clang_Cursor_isNull(init)) lw_lower_stmt(l, init);
    int head = lw_new_block(l), bodyb = lw_new_block(l), incb = lw_new_block(l), exit = lw_new_block(l);
    lw_add_edge(l, l->cur, head, EDGE_NORMAL);
    l->cur = head;
    if (!clang_Cursor_isNull(cond))
      lw_lower_cond(l, cond, bodyb, exit);
    else
      lw_add_edge(l, head, bodyb, EDGE_NORMAL);
    l->cur = bodyb;
    lower_loop_body(l, body, exit, incb);
    lw_add_edge(l, l->cur, incb, EDGE_NORMAL);
    l->cur = incb;
    if (!clang_Cursor_isNull(inc)) lw_lx(l, inc);
    lw_add_edge(l, l->cur, head, EDGE_NORMAL);
    l->cur = exit;
    break;
  }
  case CXCursor_SwitchStmt: {
    cursors cs = lw_children(c);
    if (cs.n >= 2) {
      lw_lx(l, cs.v[cs.n - 2]);
      int dispatch = l->cur, exit = lw_new_block(l);
      switch_ctx sw = {dispatch, false};
      VEC_PUSH(l->sws, l->nsws, l->capsws, sw);
      push_jump(l, exit, l->njumps ? l->jumps[l->njumps - 1].cont : -1);
      l->cur = lw_new_block(l); /* code before the first label is unreachable */
      lw_lower_stmt(l, cs.v[cs.n - 1]);
      lw_add_edge(l, l->cur, exit, EDGE_NORMAL);
      l->njumps--;
      if (!l->sws[--l->nsws].has_default) lw_add_edge(l, dispatch, exit, EDGE_NORMAL);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt: {
    cursors cs = lw_children(c);
    int b = lw_new_block(l);
    lw_add_edge(l, l->cur, b, EDGE_NORMAL);
    if (l->nsws) {
      lw_add_edge(l, l->sws[l->nsws - 1].dispatch, b, EDGE_NORMAL);
      if (k == CXCursor_DefaultStmt) l->sws[l->nsws - 1].has_default = true;
    }
    l->cur = b;
    if (cs.n > 0 && (k == CXCursor_DefaultStmt || cs.n >= 2)) lw_lower_stmt(l, cs.v[cs.n - 1]);
    free(cs.v);
    break;
  }
  case CXCursor_BreakStmt:
    if (l->njumps) jump(l, l->jumps[l->njumps - 1].brk, l->jumps[l->njumps - 1].ntry);
    break;
  case CXCursor_ContinueStmt:
    for (int i = l->njumps - 1; i >= 0; i--)
      if (l->jumps[i].cont >= 0) {
        jump(l, l->jumps[i].cont, l->jumps[i].ntry);
        break;
      }
    break;
  case CXCursor_GotoStmt: {
    CXCursor ref = clang_getCursorReferenced(c);
    if (!clang_Cursor_isNull(ref)) {
      lw_add_edge(l, l->cur, label_block(l, lw_spelling(&l->tu->A, ref)), EDGE_NORMAL);
    }
    l->cur = lw_new_block(l);
    break;
  }
  case CXCursor_IndirectGotoStmt:
    l->cur = lw_new_block(l);
    break;
  case CXCursor_LabelStmt: {
    int b = label_block(l, lw_spelling(&l->tu->A, c));
    lw_add_edge(l, l->cur, b, EDGE_NORMAL);
    l->cur = b;
    cursors cs = lw_children(c);
    for (int i = 0; i < cs.n; i++) lw_lower_stmt(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_ReturnStmt: {
    CXCursor e;
    value *v = NULL;
    if (lw_last_expr_child(c, &e)) v = lw_lx(l, e);
    loc at = lw_cursor_loc(l, c);
    event *r = lw_emit(l, EV_RETURN, at);
    r->val = v;
    int exit = lw_new_block(l);
    int save = l->cur;
    l->cur = exit;
    lw_emit(l, EV_EXIT, at);
    l->cur = save;
    jump(l, exit, 0);
    break;
  }
  case CXCursor_SEHTryStmt:
    lower_try(l, c);
    break;
  case CXCursor_SEHLeaveStmt:
    if (l->ntries) jump(l, l->tries[l->ntries - 1].leave_target, l->ntries);
    break;
  case CXCursor_NullStmt:
  case CXCursor_GCCAsmStmt:
  case CXCursor_MSAsmStmt:
    break;
  default:
    if (lw_is_expr(c)) expr_stmt(l, c);
    break;
  }
  l->depth--;
}

