/* Lowering of expressions and branch conditions (see lower_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"
#include "names.h"

/* ---- expressions -------------------------------------------------------------------- */

value *lw_lx(L *l, CXCursor c);
void lw_lower_stmt(L *l, CXCursor c);
void lw_lower_cond(L *l, CXCursor c, int t, int f);

bool lw_is_expr(CXCursor c) { return clang_isExpression(clang_getCursorKind(c)) != 0; }

/* The last expression child (skipping TypeRefs of casts). */
bool lw_last_expr_child(CXCursor c, CXCursor *out) {
  cursors cs = lw_children(c);
  bool found = false;
  for (int i = cs.n - 1; i >= 0; i--)
    if (lw_is_expr(cs.v[i])) {
      *out = cs.v[i];
      found = true;
      break;
    }
  free(cs.v);
  return found;
}

CXCursor lw_strip(CXCursor c) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(c);
    CXCursor in;
    if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr || k == CXCursor_CStyleCastExpr) &&
        lw_last_expr_child(c, &in)) {
      c = in;
      continue;
    }
    return c;
  }
}

bool lw_eval_int(CXCursor c, long long *out) {
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (!r) return false;
  bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok) *out = clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ok;
}

static long long fold(op_kind op, long long a, long long b, bool *ok) {
  *ok = true;
  switch (op) {
  case OP_ADD: return a + b;
  case OP_SUB: return a - b;
  case OP_MUL: return a * b;
  case OP_DIV: if (b) return a / b; break;
  case OP_REM: if (b) return a % b; break;
  case OP_AND: return a & b;
  case OP_OR: return a | b;
  case OP_XOR: return a ^ b;
  case OP_SHL: if (b >= 0 && b < 63) return (long long)((unsigned long long)a << b); break;
  case OP_SHR: if (b >= 0 && b < 63) return a >> b; break;
  case OP_EQ: return a == b;
  case OP_NE: return a != b;
  case OP_LT: return a < b;
  case OP_LE: return a <= b;
  case OP_GT: return a > b;
  case OP_GE: return a >= b;
  case OP_LAND: return a && b;
  case OP_LOR: return a || b;
  default: break;
  }
  *ok = false;
  return 0;
}

static op_kind binop_kind(enum CXBinaryOperatorKind k) {
  switch (k) {
  case CXBinaryOperator_Add: case CXBinaryOperator_AddAssign: return OP_ADD;
  case CXBinaryOperator_Sub: case CXBinaryOperator_SubAssign: return OP_SUB;
  case CXBinaryOperator_Mul: case CXBinaryOperator_MulAssign: return OP_MUL;
  case CXBinaryOperator_Div: case CXBinaryOperator_DivAssign: return OP_DIV;
  case CXBinaryOperator_Rem: case CXBinaryOperator_RemAssign: return OP_REM;
  case CXBinaryOperator_And: case CXBinaryOperator_AndAssign: return OP_AND;
  case CXBinaryOperator_Or: case CXBinaryOperator_OrAssign: return OP_OR;
  case CXBinaryOperator_Xor: case CXBinaryOperator_XorAssign: return OP_XOR;
  case CXBinaryOperator_Shl: case CXBinaryOperator_ShlAssign: return OP_SHL;
  case CXBinaryOperator_Shr: case CXBinaryOperator_ShrAssign: return OP_SHR;
  case CXBinaryOperator_EQ: return OP_EQ;
  case CXBinaryOperator_NE: return OP_NE;
  case CXBinaryOperator_LT: return OP_LT;
  case CXBinaryOperator_LE: return OP_LE;
  case CXBinaryOperator_GT: return OP_GT;
  case CXBinaryOperator_GE: return OP_GE;
  case CXBinaryOperator_LAnd: return OP_LAND;
  case CXBinaryOperator_LOr: return OP_LOR;
  default: return OP_NONE;
  }
}

static void emit_access(L *l, value *ptr, loc at, bool write, const char *via) {
  event *e = lw_emit(l, EV_ACCESS, at);
  e->ptr = ptr;
  e->write = write;
  e->via = via;
}

void lw_emit_assign(L *l, value *lhs, value *rhs, loc at) {
  event *e = lw_emit(l, EV_ASSIGN, at);
  e->lhs = lhs;
  e->rhs = rhs;
  if (rhs && rhs->kind == VK_CALL && rhs->call >= 0) l->fn->calls[rhs->call]->use = RU_ASSIGNED;
}

/* Lower an lvalue or rvalue; `access`: emit an access for the outermost dereference. */
static value *lx_mode(L *l, CXCursor c, bool access, bool write);

void lw_collect_annots(L *l, CXCursor decl, function *fn);

/* The annotations of a called function's declaration (restricted DDIs of the headers are
 * learnt this way, only for the routines a file actually calls). */
void lw_note_callee_decl(L *l, const char *name, CXCursor decl) {
  size_t before = l->callees_seen.n;
  intern(&l->callees_seen, name);
  if (l->callees_seen.n == before) return;
  function tmp = {0};
  lw_collect_annots(l, decl, &tmp);
  for (int i = 0; i < tmp.nannots; i++) {
    struct decl_annot da = {arena_strdup(&l->tu->A, name), tmp.annots[i]};
    VEC_PUSH(l->tu->decl_annots, l->tu->ndecl_annots, l->tu->capdecl_annots, da);
  }
  free(tmp.annots);
}

static value *lx_call(L *l, CXCursor c) {
  loc at = lw_cursor_loc(l, c);
  cursors cs = lw_children(c);
  const char *callee = NULL;
  bool via_macro = false;
  if (cs.n > 0) {
    CXCursor ce = cs.v[0];
    CXSourceLocation sl = clang_getCursorLocation(ce);
    at = lw_mkloc(l, sl);
    CXFile f1, f2;
    unsigned l1, c1, o1, l2, c2, o2;
    clang_getExpansionLocation(sl, &f1, &l1, &c1, &o1);
    clang_getSpellingLocation(sl, &f2, &l2, &c2, &o2);
    via_macro = !(f1 == f2 && o1 == o2);
  }
  CXCursor ref = clang_getCursorReferenced(c);
  if (!clang_Cursor_isNull(ref) && clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
    callee = lw_spelling(&l->tu->A, ref);
    lw_note_callee_decl(l, callee, ref);
  } else if (cs.n > 0) {
    value *cv = lw_lx(l, cs.v[0]);
    callee = cv->kind == VK_FIELD || cv->kind == VK_VAR || cv->kind == VK_FUNC ? cv->name
             : cv->kind == VK_DEREF && cv->base && cv->base->name ? cv->base->name : NULL;
  }
  const char *written = callee;
  callee = names_canonical(callee); /* a configured alias is treated as the DDI it names */
  int nargs = clang_Cursor_getNumArguments(c);
  if (nargs < 0) nargs = 0;
  value **args = arena_alloc(&l->tu->A, sizeof(value *) * (size_t)(nargs ? nargs : 1));
  for (int i = 0; i < nargs; i++) args[i] = lw_lx(l, clang_Cursor_getArgument(c, (unsigned)i));
  free(cs.v);
  const struct mem_routine *mr = callee ? names_memory_routine(callee) : NULL;
  if (mr)
    for (int i = 0; i < nargs; i++)
      if ((mr->ptr_args >> i) & 1) emit_access(l, args[i], at, (mr->write_args >> i) & 1, callee);
  event *e = lw_emit(l, EV_CALL, at);
  e->callee = callee;
  e->args = args;
  e->nargs = nargs;
  e->use = RU_OTHER;
  e->via_macro = via_macro;
  e->noreturn = callee && names_is_noreturn(callee);
  value *r = lw_mkval(l, VK_CALL, at);
  r->name = callee;
  r->call = l->fn->ncalls;
  r->is_ptr = lw_type_is_ptr(clang_getCursorType(c));
  r->text = written ? arena_printf(&l->tu->A, "%s(...)", written) : NULL;
  e->result = r;
  VEC_PUSH(l->fn->calls, l->fn->ncalls, l->fn->capcalls, e);
  if (e->noreturn) l->cur = lw_new_block(l);
  return r;
}

/* A call whose result is only tested (compared, negated, used as a condition) is not kept
 * anywhere: for the analysis its result is discarded. */
static void mark_tested(L *l, const value *v) {
  if (v && v->kind == VK_CALL && v->call >= 0 && l->fn->calls[v->call]->use == RU_OTHER)
    l->fn->calls[v->call]->use = RU_DISCARDED;
}

static value *lx_logical(L *l, CXCursor c, loc at) {
  int t = lw_new_block(l), f = lw_new_block(l), join = lw_new_block(l);
  lw_lower_cond(l, c, t, f);
  lw_add_edge(l, t, join, EDGE_NORMAL);
  lw_add_edge(l, f, join, EDGE_NORMAL);
  l->cur = join;
  return lw_unknown(l, at);
}

static value *lx_mode(L *l, CXCursor c, bool access, bool write) {
  loc at = lw_cursor_loc(l, c);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    l->depth--;
    return lw_unknown(l, at);
  }
  value *v = NULL;
  enum CXCursorKind k = clang_getCursorKind(c);
  CXType ty = clang_getCursorType(c);
  switch (k) {
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr:
  case CXCursor_CStyleCastExpr: {
    CXCursor in;
    if (lw_last_expr_child(c, &in)) {
      v = lx_mode(l, in, access, write);
      if (k == CXCursor_CStyleCastExpr && v->kind != VK_UNKNOWN) {
        /* keep the operand (its key), but note the new pointer-ness */
      }
    } else {
      long long iv;
      v = lw_unknown(l, at);
      if (lw_eval_int(c, &iv)) {
        v->kind = VK_CONST;
        v->is_const = true;
        v->ival = iv;
      }
    }
    break;
  }
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral: {
    v = lw_mkval(l, VK_CONST, at);
    v->is_const = lw_eval_int(c, &v->ival);
    if (!v->is_const) v->kind = VK_UNKNOWN;
    break;
  }
  case CXCursor_StringLiteral:
    v = lw_mkval(l, VK_STRING, at);
    break;
  case CXCursor_UnaryExpr: { /* sizeof / alignof: operand not evaluated */
    long long iv;
    v = lw_unknown(l, at);
    if (lw_eval_int(c, &iv)) {
      v->kind = VK_CONST;
      v->is_const = true;
      v->ival = iv;
    }
    break;
  }
  case CXCursor_DeclRefExpr: {
    CXCursor ref = clang_getCursorReferenced(c);
    enum CXCursorKind rk = clang_getCursorKind(ref);
    if (rk == CXCursor_EnumConstantDecl) {
      v = lw_mkval(l, VK_CONST, at);
      v->is_const = true;
      v->ival = clang_getEnumConstantDeclValue(ref);
    } else if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl) {
      v = lw_mkval(l, VK_VAR, at);
      v->var = lw_var_id(l, ref);
      v->name = l->tu->vars[v->var].name;
      lw_set_key(l, v);
    } else if (rk == CXCursor_FunctionDecl) {
      v = lw_mkval(l, VK_FUNC, at);
      v->name = lw_spelling(&l->tu->A, ref);
      v->text = v->name;
    } else {
      v = lw_unknown(l, at);
    }
    break;
  }
  case CXCursor_MemberRefExpr: {
    CXCursor base;
    v = lw_mkval(l, VK_FIELD, at);
    v->name = lw_spelling(&l->tu->A, c);
    if (lw_last_expr_child(c, &base)) {
      v->arrow = lw_type_is_ptr(clang_getCursorType(base));
      v->base = lx_mode(l, base, !v->arrow, false);
      if (v->arrow && access) emit_access(l, v->base, v->base->loc, write, NULL);
    } else {
      v->base = lw_unknown(l, at);
    }
    lw_set_key(l, v);
    break;
  }
  case CXCursor_ArraySubscriptExpr: {
    cursors cs = lw_children(c);
    v = lw_mkval(l, VK_INDEX, at);
    if (cs.n >= 2) {
      v->base = lx_mode(l, cs.v[0], false, false);
      v->rhs = lw_lx(l, cs.v[1]);
      if (access && lw_type_is_ptr(clang_getCursorType(cs.v[0])))
        emit_access(l, v->base, v->base->loc, write, NULL);
    }
    free(cs.v);
    lw_set_key(l, v);
    break;
  }
  case CXCursor_UnaryOperator: {
    CXCursor in;
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    if (!lw_last_expr_child(c, &in)) {
      v = lw_unknown(l, at);
      break;
    }
    switch (op) {
    case CXUnaryOperator_Deref:
      v = lw_mkval(l, VK_DEREF, at);
      v->base = lw_lx(l, in);
      if (v->base->kind == VK_ADDROF && v->base->base) { /* *&x is x (macros write this) */
        v = v->base->base;
        break;
      }
      if (access) emit_access(l, v->base, at, write, NULL);
      lw_set_key(l, v);
      break;
    case CXUnaryOperator_AddrOf:
      v = lw_mkval(l, VK_ADDROF, at);
      v->base = lx_mode(l, in, false, false);
      v->text = v->base->text ? arena_printf(&l->tu->A, "&%s", v->base->text) : NULL;
      break;
    case CXUnaryOperator_PostInc: case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc: case CXUnaryOperator_PreDec: {
      value *x = lx_mode(l, in, true, true);
      v = lw_mkval(l, VK_ARITH, at);
      v->op = (op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc) ? OP_ADD : OP_SUB;
      v->base = x;
      v->rhs = lw_mkval(l, VK_CONST, at);
      v->rhs->is_const = true;
      v->rhs->ival = 1;
      lw_emit_assign(l, x, v, at);
      break;
    }
    case CXUnaryOperator_LNot: {
      v = lw_mkval(l, VK_NOT, at);
      v->base = lw_lx(l, in);
      mark_tested(l, v->base);
      if (v->base->is_const) {
        v->is_const = true;
        v->ival = !v->base->ival;
      }
      break;
    }
    default: {
      value *x = lw_lx(l, in);
      v = lw_mkval(l, VK_ARITH, at);
      v->base = x;
      if (x->is_const) {
        v->is_const = true;
        v->ival = op == CXUnaryOperator_Minus ? -x->ival
                  : op == CXUnaryOperator_Not ? ~x->ival : x->ival;
      }
      break;
    }
    }
    break;
  }
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: {
    enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(c);
    cursors cs = lw_children(c);
    if (cs.n < 2) {
      free(cs.v);
      v = lw_unknown(l, at);
      break;
    }
    CXCursor lhs = cs.v[0], rhs = cs.v[cs.n - 1];
    free(cs.v);
    if (bk == CXBinaryOperator_Assign) {
      value *r = lw_lx(l, rhs);
      value *lv = lx_mode(l, lhs, true, true);
      lw_emit_assign(l, lv, r, at);
      v = lv->key >= 0 ? lv : r; /* `(h = f()) == NULL` tests h */
    } else if (k == CXCursor_CompoundAssignOperator) {
      value *r = lw_lx(l, rhs);
      value *lv = lx_mode(l, lhs, true, true);
      v = lw_mkval(l, VK_ARITH, at);
      v->op = binop_kind(bk);
      v->base = lv;
      v->rhs = r;
      lw_emit_assign(l, lv, v, at);
    } else if (bk == CXBinaryOperator_LAnd || bk == CXBinaryOperator_LOr) {
      v = lx_logical(l, c, at);
    } else if (bk == CXBinaryOperator_Comma) {
      lw_lx(l, lhs);
      v = lw_lx(l, rhs);
    } else {
      op_kind op = binop_kind(bk);
      v = lw_mkval(l, op >= OP_EQ ? VK_CMP : VK_ARITH, at);
      v->op = op;
      v->base = lw_lx(l, lhs);
      v->rhs = lw_lx(l, rhs);
      if (v->kind == VK_CMP) {
        mark_tested(l, v->base);
        mark_tested(l, v->rhs);
      }
      if (v->base->is_const && v->rhs->is_const) {
        bool ok;
        v->ival = fold(op, v->base->ival, v->rhs->ival, &ok);
        v->is_const = ok;
      }
      /* pointer arithmetic keeps the pointer: put the pointer operand first */
      if (v->kind == VK_ARITH && !v->base->is_ptr && v->rhs->is_ptr) {
        value *t = v->base;
        v->base = v->rhs;
        v->rhs = t;
      }
    }
    break;
  }
  case CXCursor_ConditionalOperator: {
    cursors cs = lw_children(c);
    v = lw_mkval(l, VK_COND, at);
    if (cs.n == 3) {
      int t = lw_new_block(l), f = lw_new_block(l), join = lw_new_block(l);
      lw_lower_cond(l, cs.v[0], t, f);
      l->cur = t;
      v->base = lw_lx(l, cs.v[1]);
      lw_add_edge(l, l->cur, join, EDGE_NORMAL);
      l->cur = f;
      v->rhs = lw_lx(l, cs.v[2]);
      lw_add_edge(l, l->cur, join, EDGE_NORMAL);
      l->cur = join;
    } else {
      for (int i = 0; i < cs.n; i++) lw_lx(l, cs.v[i]);
      v->kind = VK_UNKNOWN;
    }
    free(cs.v);
    break;
  }
  case CXCursor_CallExpr:
    v = lx_call(l, c);
    break;
  case CXCursor_StmtExpr: {
    cursors cs = lw_children(c);
    for (int i = 0; i < cs.n; i++) lw_lower_stmt(l, cs.v[i]);
    free(cs.v);
    v = lw_unknown(l, at);
    break;
  }
  default: {
    cursors cs = lw_children(c);
    for (int i = 0; i < cs.n; i++)
      if (lw_is_expr(cs.v[i])) lw_lx(l, cs.v[i]);
    free(cs.v);
    v = lw_unknown(l, at);
    long long iv;
    if (k == CXCursor_FloatingLiteral || k == CXCursor_InitListExpr) break;
    if (lw_eval_int(c, &iv)) {
      v->kind = VK_CONST;
      v->is_const = true;
      v->ival = iv;
    }
    break;
  }
  }
  if (v->kind != VK_CALL && v->kind != VK_ADDROF) v->is_ptr = v->is_ptr || lw_type_is_ptr(ty);
  if (k == CXCursor_CStyleCastExpr || k == CXCursor_UnexposedExpr) v->is_ptr = lw_type_is_ptr(ty) || v->is_ptr;
  l->depth--;
  return v;
}

value *lw_lx(L *l, CXCursor c) { return lx_mode(l, c, true, false); }

/* ---- conditions --------------------------------------------------------------------- */

void lw_lower_cond(L *l, CXCursor c, int t, int f) {
  CXCursor s = lw_strip(c);
  enum CXCursorKind k = clang_getCursorKind(s);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    lw_add_edge(l, l->cur, t, EDGE_NORMAL);
    lw_add_edge(l, l->cur, f, EDGE_NORMAL);
    l->depth--;
    return;
  }
  if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot) {
    CXCursor in;
    if (lw_last_expr_child(s, &in)) {
      lw_lower_cond(l, in, f, t);
      l->depth--;
      return;
    }
  }
  if (k == CXCursor_BinaryOperator) {
    enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(s);
    if (bk == CXBinaryOperator_LAnd || bk == CXBinaryOperator_LOr) {
      cursors cs = lw_children(s);
      if (cs.n == 2) {
        int mid = lw_new_block(l);
        if (bk == CXBinaryOperator_LAnd)
          lw_lower_cond(l, cs.v[0], mid, f);
        else
          lw_lower_cond(l, cs.v[0], t, mid);
        l->cur = mid;
        lw_lower_cond(l, cs.v[1], t, f);
        free(cs.v);
        l->depth--;
        return;
      }
      free(cs.v);
    }
    if (bk == CXBinaryOperator_Comma) {
      cursors cs = lw_children(s);
      if (cs.n == 2) {
        lw_lx(l, cs.v[0]);
        lw_lower_cond(l, cs.v[1], t, f);
        free(cs.v);
        l->depth--;
        return;
      }
      free(cs.v);
    }
  }
  value *v = lw_lx(l, c);
  mark_tested(l, v);
  if (v->is_const) {
    lw_add_edge(l, l->cur, v->ival ? t : f, EDGE_NORMAL);
  } else {
    l->fn->blocks[l->cur].cond = v;
    lw_add_edge(l, l->cur, t, EDGE_TRUE);
    lw_add_edge(l, l->cur, f, EDGE_FALSE);
  }
  l->depth--;
}

