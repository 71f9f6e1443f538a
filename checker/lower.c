/* Lowering: walks libclang's AST of each function definition and builds the checker's
 * own CFG of events (see ir.h). This is the only file that reads statements and
 * expressions from libclang; nothing after it sees a CXCursor. Recursion follows the
 * nesting of the source and is bounded by MAX_DEPTH (deeper code is cut off and the
 * function marked too_complex), so hostile input cannot overflow the stack. */
#include "lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

enum { MAX_DEPTH = 400 };

typedef struct cursors {
  CXCursor *v;
  int n, cap;
} cursors;

static enum CXChildVisitResult collect_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  cursors *cs = d;
  VEC_PUSH(cs->v, cs->n, cs->cap, c);
  return CXChildVisit_Continue;
}
static cursors children(CXCursor c) {
  cursors cs = {0};
  clang_visitChildren(c, collect_cb, &cs);
  return cs;
}
static char *spelling(arena *a, CXCursor c) {
  CXString s = clang_getCursorSpelling(c);
  char *r = arena_strdup(a, clang_getCString(s) ? clang_getCString(s) : "");
  clang_disposeString(s);
  return r;
}

typedef struct file_cache {
  CXFile f;
  int idx;
} file_cache;

typedef struct try_ctx {
  bool is_except;
  int handler;      /* __except filter block or __finally block */
  int leave_target; /* where __leave goes */
  int *pending;     /* finally: blocks control may continue to after the finally block */
  int npending, cappending;
} try_ctx;

typedef struct jump_ctx {
  int brk, cont; /* -1 when not applicable (switch has no continue) */
  int ntry;      /* try depth where the loop/switch was entered */
} jump_ctx;

typedef struct switch_ctx {
  int dispatch;
  bool has_default;
} switch_ctx;

typedef struct L {
  tu_model *tu;
  CXTranslationUnit ctu;
  function *fn;
  int fnidx;
  int cur;
  int depth;
  int covered;
  try_ctx *tries;
  int ntries, captries;
  jump_ctx *jumps;
  int njumps, capjumps;
  switch_ctx *sws;
  int nsws, capsws;
  intern_table labels;
  int *label_block;
  int caplabels;
  file_cache *fc;
  int nfc, capfc;
  intern_table var_ids; /* "file:offset" of a declaration -> var id */
  intern_table callees_seen; /* called functions whose declarations were read */
} L;

/* ---- model helpers ------------------------------------------------------------------ */

int tu_file_index(tu_model *tu, const char *name, bool system) {
  for (int i = 0; i < tu->nfiles; i++)
    if (!strcmp(tu->files[i], name)) return i;
  VEC_RESERVE(tu->files, tu->capfiles, tu->nfiles + 1);
  tu->file_system = xrealloc(tu->file_system, tu->capfiles * sizeof *tu->file_system);
  tu->files[tu->nfiles] = xstrdup(name);
  tu->file_system[tu->nfiles] = system;
  return tu->nfiles++;
}

static loc mkloc(L *l, CXSourceLocation sl) {
  CXFile f;
  unsigned line, col, off;
  clang_getExpansionLocation(sl, &f, &line, &col, &off);
  loc r = {-1, (int)line, (int)col};
  if (!f) return r;
  for (int i = 0; i < l->nfc; i++)
    if (l->fc[i].f == f) {
      r.file = l->fc[i].idx;
      return r;
    }
  CXString s = clang_getFileName(f);
  const char *name = clang_getCString(s) ? clang_getCString(s) : "";
  int idx;
  CXFile mainf = clang_getFile(l->ctu, l->tu->main_file);
  if (mainf && clang_File_isEqual(mainf, f))
    idx = 0;
  else
    idx = tu_file_index(l->tu, name, clang_Location_isInSystemHeader(sl) != 0);
  clang_disposeString(s);
  file_cache fc = {f, idx};
  VEC_PUSH(l->fc, l->nfc, l->capfc, fc);
  r.file = idx;
  return r;
}
static loc cursor_loc(L *l, CXCursor c) { return mkloc(l, clang_getCursorLocation(c)); }

static int new_block(L *l) {
  function *fn = l->fn;
  VEC_RESERVE(fn->blocks, fn->capblocks, fn->nblocks + 1);
  block *b = &fn->blocks[fn->nblocks];
  memset(b, 0, sizeof *b);
  b->exc = -1;
  for (int i = l->ntries - 1; i >= 0; i--) {
    b->exc = l->tries[i].handler;
    break;
  }
  return fn->nblocks++;
}
static void add_edge(L *l, int from, int to, edge_kind k) {
  block *b = &l->fn->blocks[from];
  edge e = {to, k};
  VEC_PUSH(b->succ, b->nsucc, b->capsucc, e);
}
static event *emit(L *l, ev_kind k, loc at) {
  event *e = arena_alloc(&l->tu->A, sizeof *e);
  e->kind = k;
  e->loc = at;
  e->covered = l->covered > 0;
  e->callee_fn = -1;
  block *b = &l->fn->blocks[l->cur];
  VEC_PUSH(b->ev, b->nev, b->cap, e);
  return e;
}
static value *mkval(L *l, vkind k, loc at) {
  value *v = arena_alloc(&l->tu->A, sizeof *v);
  v->kind = k;
  v->key = -1;
  v->var = -1;
  v->call = -1;
  v->loc = at;
  return v;
}
static value *unknown(L *l, loc at) { return mkval(l, VK_UNKNOWN, at); }

static bool type_is_ptr(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
         t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray;
}
static bool type_is_record(CXType t) { return clang_getCanonicalType(t).kind == CXType_Record; }

/* Give an lvalue its access-path key and message text. */
static void set_key(L *l, value *v) {
  char buf[512];
  const value *b = v->base;
  switch (v->kind) {
  case VK_VAR:
    snprintf(buf, sizeof buf, "v%d", v->var);
    v->text = v->name;
    break;
  case VK_FIELD:
    if (!b || b->key < 0) return;
    snprintf(buf, sizeof buf, "%s%s%s", tu_key_name(l->tu, b->key), v->arrow ? "->" : ".", v->name);
    if (b->text) v->text = arena_printf(&l->tu->A, "%s%s%s", b->text, v->arrow ? "->" : ".", v->name);
    break;
  case VK_DEREF:
    if (!b || b->key < 0) return;
    snprintf(buf, sizeof buf, "*(%s)", tu_key_name(l->tu, b->key));
    if (b->text) v->text = arena_printf(&l->tu->A, "*%s", b->text);
    break;
  case VK_INDEX:
    if (!b || b->key < 0) return;
    if (v->rhs && v->rhs->is_const)
      snprintf(buf, sizeof buf, "%s[%lld]", tu_key_name(l->tu, b->key), v->rhs->ival);
    else
      snprintf(buf, sizeof buf, "%s[?]", tu_key_name(l->tu, b->key));
    if (b->text) v->text = arena_printf(&l->tu->A, "%s[]", b->text);
    break;
  default:
    return;
  }
  v->key = intern(&l->tu->keys, buf);
}

static int var_id(L *l, CXCursor decl) {
  decl = clang_getCanonicalCursor(decl);
  CXFile f;
  unsigned line, col, off;
  clang_getSpellingLocation(clang_getCursorLocation(decl), &f, &line, &col, &off);
  char key[600];
  CXString fs = clang_getFileName(f);
  snprintf(key, sizeof key, "%s:%u:%u", clang_getCString(fs) ? clang_getCString(fs) : "", off,
           (unsigned)clang_getCursorKind(decl));
  clang_disposeString(fs);
  int id = intern(&l->var_ids, key);
  if (id < l->tu->nvars) return id;
  var_info vi = {0};
  vi.name = spelling(&l->tu->A, decl);
  enum CXCursorKind k = clang_getCursorKind(decl);
  vi.fn = -1;
  vi.param_index = -1;
  if (k == CXCursor_ParmDecl) {
    vi.kind = VAR_PARAM;
    vi.fn = l->fnidx;
  } else if (clang_getCursorSemanticParent(decl).kind == CXCursor_FunctionDecl &&
             clang_Cursor_getStorageClass(decl) != CX_SC_Static &&
             clang_Cursor_getStorageClass(decl) != CX_SC_Extern) {
    vi.kind = VAR_LOCAL;
    vi.fn = l->fnidx;
  } else {
    vi.kind = VAR_GLOBAL;
  }
  CXType t = clang_getCursorType(decl);
  vi.is_ptr = type_is_ptr(t);
  vi.is_struct = type_is_record(t);
  vi.decl = cursor_loc(l, decl);
  VEC_PUSH(l->tu->vars, l->tu->nvars, l->tu->capvars, vi);
  return id;
}

/* ---- expressions -------------------------------------------------------------------- */

static value *lx(L *l, CXCursor c);
static void lower_stmt(L *l, CXCursor c);
static void lower_cond(L *l, CXCursor c, int t, int f);

static bool is_expr(CXCursor c) { return clang_isExpression(clang_getCursorKind(c)) != 0; }

/* The last expression child (skipping TypeRefs of casts). */
static bool last_expr_child(CXCursor c, CXCursor *out) {
  cursors cs = children(c);
  bool found = false;
  for (int i = cs.n - 1; i >= 0; i--)
    if (is_expr(cs.v[i])) {
      *out = cs.v[i];
      found = true;
      break;
    }
  free(cs.v);
  return found;
}

static CXCursor strip(CXCursor c) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(c);
    CXCursor in;
    if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr || k == CXCursor_CStyleCastExpr) &&
        last_expr_child(c, &in)) {
      c = in;
      continue;
    }
    return c;
  }
}

static bool eval_int(CXCursor c, long long *out) {
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
  event *e = emit(l, EV_ACCESS, at);
  e->ptr = ptr;
  e->write = write;
  e->via = via;
}

static void emit_assign(L *l, value *lhs, value *rhs, loc at) {
  event *e = emit(l, EV_ASSIGN, at);
  e->lhs = lhs;
  e->rhs = rhs;
  if (rhs && rhs->kind == VK_CALL && rhs->call >= 0) l->fn->calls[rhs->call]->use = RU_ASSIGNED;
}

/* Lower an lvalue or rvalue; `access`: emit an access for the outermost dereference. */
static value *lx_mode(L *l, CXCursor c, bool access, bool write);

static void collect_annots(L *l, CXCursor decl, function *fn);

/* The annotations of a called function's declaration (restricted DDIs of the headers are
 * learnt this way, only for the routines a file actually calls). */
static void note_callee_decl(L *l, const char *name, CXCursor decl) {
  size_t before = l->callees_seen.n;
  intern(&l->callees_seen, name);
  if (l->callees_seen.n == before) return;
  function tmp = {0};
  collect_annots(l, decl, &tmp);
  for (int i = 0; i < tmp.nannots; i++) {
    struct decl_annot da = {arena_strdup(&l->tu->A, name), tmp.annots[i]};
    VEC_PUSH(l->tu->decl_annots, l->tu->ndecl_annots, l->tu->capdecl_annots, da);
  }
  free(tmp.annots);
}

static value *lx_call(L *l, CXCursor c) {
  loc at = cursor_loc(l, c);
  cursors cs = children(c);
  const char *callee = NULL;
  bool via_macro = false;
  if (cs.n > 0) {
    CXCursor ce = cs.v[0];
    CXSourceLocation sl = clang_getCursorLocation(ce);
    at = mkloc(l, sl);
    CXFile f1, f2;
    unsigned l1, c1, o1, l2, c2, o2;
    clang_getExpansionLocation(sl, &f1, &l1, &c1, &o1);
    clang_getSpellingLocation(sl, &f2, &l2, &c2, &o2);
    via_macro = !(f1 == f2 && o1 == o2);
  }
  CXCursor ref = clang_getCursorReferenced(c);
  if (!clang_Cursor_isNull(ref) && clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
    callee = spelling(&l->tu->A, ref);
    note_callee_decl(l, callee, ref);
  } else if (cs.n > 0) {
    value *cv = lx(l, cs.v[0]);
    callee = cv->kind == VK_FIELD || cv->kind == VK_VAR || cv->kind == VK_FUNC ? cv->name
             : cv->kind == VK_DEREF && cv->base && cv->base->name ? cv->base->name : NULL;
  }
  const char *written = callee;
  callee = names_canonical(callee); /* a configured alias is treated as the DDI it names */
  int nargs = clang_Cursor_getNumArguments(c);
  if (nargs < 0) nargs = 0;
  value **args = arena_alloc(&l->tu->A, sizeof(value *) * (size_t)(nargs ? nargs : 1));
  for (int i = 0; i < nargs; i++) args[i] = lx(l, clang_Cursor_getArgument(c, (unsigned)i));
  free(cs.v);
  const struct mem_routine *mr = callee ? names_memory_routine(callee) : NULL;
  if (mr)
    for (int i = 0; i < nargs; i++)
      if ((mr->ptr_args >> i) & 1) emit_access(l, args[i], at, (mr->write_args >> i) & 1, callee);
  event *e = emit(l, EV_CALL, at);
  e->callee = callee;
  e->args = args;
  e->nargs = nargs;
  e->use = RU_OTHER;
  e->via_macro = via_macro;
  e->noreturn = callee && names_is_noreturn(callee);
  value *r = mkval(l, VK_CALL, at);
  r->name = callee;
  r->call = l->fn->ncalls;
  r->is_ptr = type_is_ptr(clang_getCursorType(c));
  r->text = written ? arena_printf(&l->tu->A, "%s(...)", written) : NULL;
  e->result = r;
  VEC_PUSH(l->fn->calls, l->fn->ncalls, l->fn->capcalls, e);
  if (e->noreturn) l->cur = new_block(l);
  return r;
}

/* A call whose result is only tested (compared, negated, used as a condition) is not kept
 * anywhere: for the analysis its result is discarded. */
static void mark_tested(L *l, const value *v) {
  if (v && v->kind == VK_CALL && v->call >= 0 && l->fn->calls[v->call]->use == RU_OTHER)
    l->fn->calls[v->call]->use = RU_DISCARDED;
}

static value *lx_logical(L *l, CXCursor c, loc at) {
  int t = new_block(l), f = new_block(l), join = new_block(l);
  lower_cond(l, c, t, f);
  add_edge(l, t, join, EDGE_NORMAL);
  add_edge(l, f, join, EDGE_NORMAL);
  l->cur = join;
  return unknown(l, at);
}

static value *lx_mode(L *l, CXCursor c, bool access, bool write) {
  loc at = cursor_loc(l, c);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    l->depth--;
    return unknown(l, at);
  }
  value *v = NULL;
  enum CXCursorKind k = clang_getCursorKind(c);
  CXType ty = clang_getCursorType(c);
  switch (k) {
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr:
  case CXCursor_CStyleCastExpr: {
    CXCursor in;
    if (last_expr_child(c, &in)) {
      v = lx_mode(l, in, access, write);
      if (k == CXCursor_CStyleCastExpr && v->kind != VK_UNKNOWN) {
        /* keep the operand (its key), but note the new pointer-ness */
      }
    } else {
      long long iv;
      v = unknown(l, at);
      if (eval_int(c, &iv)) {
        v->kind = VK_CONST;
        v->is_const = true;
        v->ival = iv;
      }
    }
    break;
  }
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral: {
    v = mkval(l, VK_CONST, at);
    v->is_const = eval_int(c, &v->ival);
    if (!v->is_const) v->kind = VK_UNKNOWN;
    break;
  }
  case CXCursor_StringLiteral:
    v = mkval(l, VK_STRING, at);
    break;
  case CXCursor_UnaryExpr: { /* sizeof / alignof: operand not evaluated */
    long long iv;
    v = unknown(l, at);
    if (eval_int(c, &iv)) {
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
      v = mkval(l, VK_CONST, at);
      v->is_const = true;
      v->ival = clang_getEnumConstantDeclValue(ref);
    } else if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl) {
      v = mkval(l, VK_VAR, at);
      v->var = var_id(l, ref);
      v->name = l->tu->vars[v->var].name;
      set_key(l, v);
    } else if (rk == CXCursor_FunctionDecl) {
      v = mkval(l, VK_FUNC, at);
      v->name = spelling(&l->tu->A, ref);
      v->text = v->name;
    } else {
      v = unknown(l, at);
    }
    break;
  }
  case CXCursor_MemberRefExpr: {
    CXCursor base;
    v = mkval(l, VK_FIELD, at);
    v->name = spelling(&l->tu->A, c);
    if (last_expr_child(c, &base)) {
      v->arrow = type_is_ptr(clang_getCursorType(base));
      v->base = lx_mode(l, base, !v->arrow, false);
      if (v->arrow && access) emit_access(l, v->base, v->base->loc, write, NULL);
    } else {
      v->base = unknown(l, at);
    }
    set_key(l, v);
    break;
  }
  case CXCursor_ArraySubscriptExpr: {
    cursors cs = children(c);
    v = mkval(l, VK_INDEX, at);
    if (cs.n >= 2) {
      v->base = lx_mode(l, cs.v[0], false, false);
      v->rhs = lx(l, cs.v[1]);
      if (access && type_is_ptr(clang_getCursorType(cs.v[0])))
        emit_access(l, v->base, v->base->loc, write, NULL);
    }
    free(cs.v);
    set_key(l, v);
    break;
  }
  case CXCursor_UnaryOperator: {
    CXCursor in;
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    if (!last_expr_child(c, &in)) {
      v = unknown(l, at);
      break;
    }
    switch (op) {
    case CXUnaryOperator_Deref:
      v = mkval(l, VK_DEREF, at);
      v->base = lx(l, in);
      if (v->base->kind == VK_ADDROF && v->base->base) { /* *&x is x (macros write this) */
        v = v->base->base;
        break;
      }
      if (access) emit_access(l, v->base, at, write, NULL);
      set_key(l, v);
      break;
    case CXUnaryOperator_AddrOf:
      v = mkval(l, VK_ADDROF, at);
      v->base = lx_mode(l, in, false, false);
      v->text = v->base->text ? arena_printf(&l->tu->A, "&%s", v->base->text) : NULL;
      break;
    case CXUnaryOperator_PostInc: case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc: case CXUnaryOperator_PreDec: {
      value *x = lx_mode(l, in, true, true);
      v = mkval(l, VK_ARITH, at);
      v->op = (op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc) ? OP_ADD : OP_SUB;
      v->base = x;
      v->rhs = mkval(l, VK_CONST, at);
      v->rhs->is_const = true;
      v->rhs->ival = 1;
      emit_assign(l, x, v, at);
      break;
    }
    case CXUnaryOperator_LNot: {
      v = mkval(l, VK_NOT, at);
      v->base = lx(l, in);
      mark_tested(l, v->base);
      if (v->base->is_const) {
        v->is_const = true;
        v->ival = !v->base->ival;
      }
      break;
    }
    default: {
      value *x = lx(l, in);
      v = mkval(l, VK_ARITH, at);
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
    cursors cs = children(c);
    if (cs.n < 2) {
      free(cs.v);
      v = unknown(l, at);
      break;
    }
    CXCursor lhs = cs.v[0], rhs = cs.v[cs.n - 1];
    free(cs.v);
    if (bk == CXBinaryOperator_Assign) {
      value *r = lx(l, rhs);
      value *lv = lx_mode(l, lhs, true, true);
      emit_assign(l, lv, r, at);
      v = lv->key >= 0 ? lv : r; /* `(h = f()) == NULL` tests h */
    } else if (k == CXCursor_CompoundAssignOperator) {
      value *r = lx(l, rhs);
      value *lv = lx_mode(l, lhs, true, true);
      v = mkval(l, VK_ARITH, at);
      v->op = binop_kind(bk);
      v->base = lv;
      v->rhs = r;
      emit_assign(l, lv, v, at);
    } else if (bk == CXBinaryOperator_LAnd || bk == CXBinaryOperator_LOr) {
      v = lx_logical(l, c, at);
    } else if (bk == CXBinaryOperator_Comma) {
      lx(l, lhs);
      v = lx(l, rhs);
    } else {
      op_kind op = binop_kind(bk);
      v = mkval(l, op >= OP_EQ ? VK_CMP : VK_ARITH, at);
      v->op = op;
      v->base = lx(l, lhs);
      v->rhs = lx(l, rhs);
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
    cursors cs = children(c);
    v = mkval(l, VK_COND, at);
    if (cs.n == 3) {
      int t = new_block(l), f = new_block(l), join = new_block(l);
      lower_cond(l, cs.v[0], t, f);
      l->cur = t;
      v->base = lx(l, cs.v[1]);
      add_edge(l, l->cur, join, EDGE_NORMAL);
      l->cur = f;
      v->rhs = lx(l, cs.v[2]);
      add_edge(l, l->cur, join, EDGE_NORMAL);
      l->cur = join;
    } else {
      for (int i = 0; i < cs.n; i++) lx(l, cs.v[i]);
      v->kind = VK_UNKNOWN;
    }
    free(cs.v);
    break;
  }
  case CXCursor_CallExpr:
    v = lx_call(l, c);
    break;
  case CXCursor_StmtExpr: {
    cursors cs = children(c);
    for (int i = 0; i < cs.n; i++) lower_stmt(l, cs.v[i]);
    free(cs.v);
    v = unknown(l, at);
    break;
  }
  default: {
    cursors cs = children(c);
    for (int i = 0; i < cs.n; i++)
      if (is_expr(cs.v[i])) lx(l, cs.v[i]);
    free(cs.v);
    v = unknown(l, at);
    long long iv;
    if (k == CXCursor_FloatingLiteral || k == CXCursor_InitListExpr) break;
    if (eval_int(c, &iv)) {
      v->kind = VK_CONST;
      v->is_const = true;
      v->ival = iv;
    }
    break;
  }
  }
  if (v->kind != VK_CALL && v->kind != VK_ADDROF) v->is_ptr = v->is_ptr || type_is_ptr(ty);
  if (k == CXCursor_CStyleCastExpr || k == CXCursor_UnexposedExpr) v->is_ptr = type_is_ptr(ty) || v->is_ptr;
  l->depth--;
  return v;
}

static value *lx(L *l, CXCursor c) { return lx_mode(l, c, true, false); }

/* ---- conditions --------------------------------------------------------------------- */

static void lower_cond(L *l, CXCursor c, int t, int f) {
  CXCursor s = strip(c);
  enum CXCursorKind k = clang_getCursorKind(s);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    add_edge(l, l->cur, t, EDGE_NORMAL);
    add_edge(l, l->cur, f, EDGE_NORMAL);
    l->depth--;
    return;
  }
  if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot) {
    CXCursor in;
    if (last_expr_child(s, &in)) {
      lower_cond(l, in, f, t);
      l->depth--;
      return;
    }
  }
  if (k == CXCursor_BinaryOperator) {
    enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(s);
    if (bk == CXBinaryOperator_LAnd || bk == CXBinaryOperator_LOr) {
      cursors cs = children(s);
      if (cs.n == 2) {
        int mid = new_block(l);
        if (bk == CXBinaryOperator_LAnd)
          lower_cond(l, cs.v[0], mid, f);
        else
          lower_cond(l, cs.v[0], t, mid);
        l->cur = mid;
        lower_cond(l, cs.v[1], t, f);
        free(cs.v);
        l->depth--;
        return;
      }
      free(cs.v);
    }
    if (bk == CXBinaryOperator_Comma) {
      cursors cs = children(s);
      if (cs.n == 2) {
        lx(l, cs.v[0]);
        lower_cond(l, cs.v[1], t, f);
        free(cs.v);
        l->depth--;
        return;
      }
      free(cs.v);
    }
  }
  value *v = lx(l, c);
  mark_tested(l, v);
  if (v->is_const) {
    add_edge(l, l->cur, v->ival ? t : f, EDGE_NORMAL);
  } else {
    l->fn->blocks[l->cur].cond = v;
    add_edge(l, l->cur, t, EDGE_TRUE);
    add_edge(l, l->cur, f, EDGE_FALSE);
  }
  l->depth--;
}

/* ---- statements --------------------------------------------------------------------- */

/* Jump from the current block to `target`, passing through every __finally between the
 * current try depth and `ntry`. */
static void jump(L *l, int target, int ntry) {
  int from = l->cur;
  for (int i = l->ntries - 1; i >= ntry; i--) {
    try_ctx *tc = &l->tries[i];
    if (tc->is_except) continue;
    add_edge(l, from, tc->handler, EDGE_NORMAL);
    /* after this finally, continue to the next finally outward or the target */
    int next = target;
    for (int j = i - 1; j >= ntry; j--)
      if (!l->tries[j].is_except) {
        next = l->tries[j].handler;
        break;
      }
    VEC_PUSH(tc->pending, tc->npending, tc->cappending, next);
    l->cur = new_block(l);
    return;
  }
  add_edge(l, from, target, EDGE_NORMAL);
  l->cur = new_block(l);
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
  if (l->label_block[id] < 0) l->label_block[id] = new_block(l);
  return l->label_block[id];
}

static void expr_stmt(L *l, CXCursor c) {
  value *v = lx(l, c);
  if (v->kind == VK_CALL && v->call >= 0 && l->fn->calls[v->call]->use == RU_OTHER) {
    CXCursor s = strip(c);
    if (clang_getCursorKind(s) == CXCursor_CallExpr) l->fn->calls[v->call]->use = RU_DISCARDED;
  }
}

static void lower_decl(L *l, CXCursor vd) {
  if (clang_getCursorKind(vd) != CXCursor_VarDecl) return;
  int id = var_id(l, vd);
  value *lhs = mkval(l, VK_VAR, cursor_loc(l, vd));
  lhs->var = id;
  lhs->name = l->tu->vars[id].name;
  set_key(l, lhs);
  CXCursor init = clang_Cursor_getVarDeclInitializer(vd);
  if (!clang_Cursor_isNull(init)) {
    value *r = lx(l, init);
    event *e;
    emit_assign(l, lhs, clang_getCursorKind(strip(init)) == CXCursor_InitListExpr ? NULL : r,
                lhs->loc);
    e = l->fn->blocks[l->cur].ev[l->fn->blocks[l->cur].nev - 1];
    e->is_decl = true;
  } else if (l->tu->vars[id].kind == VAR_LOCAL) {
    event *e = emit(l, EV_ASSIGN, lhs->loc);
    e->lhs = lhs;
    e->decl_uninit = true;
    e->is_decl = true;
  }
}

/* Classify the children of a for statement by the semicolons of its header, since
 * libclang omits the absent parts. */
static void for_parts(L *l, CXCursor c, CXCursor *init, CXCursor *cond, CXCursor *inc, CXCursor *body) {
  *init = *cond = *inc = *body = clang_getNullCursor();
  cursors cs = children(c);
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
  if (!clang_Cursor_isNull(body)) lower_stmt(l, body);
  l->njumps--;
}

static void lower_try(L *l, CXCursor c) {
  cursors cs = children(c);
  if (cs.n < 2) {
    for (int i = 0; i < cs.n; i++) lower_stmt(l, cs.v[i]);
    free(cs.v);
    return;
  }
  CXCursor body = cs.v[0], h = cs.v[1];
  bool is_except = clang_getCursorKind(h) == CXCursor_SEHExceptStmt;
  int handler = new_block(l); /* exc of the enclosing try */
  int follow = new_block(l);
  try_ctx tc = {is_except, handler, is_except ? follow : handler, NULL, 0, 0};
  VEC_PUSH(l->tries, l->ntries, l->captries, tc);
  if (is_except) l->covered++;
  int start = new_block(l);
  add_edge(l, l->cur, start, EDGE_NORMAL);
  l->cur = start;
  lower_stmt(l, body);
  add_edge(l, l->cur, is_except ? follow : handler, EDGE_NORMAL);
  if (is_except) l->covered--;
  try_ctx done = l->tries[--l->ntries];
  l->cur = handler;
  cursors hs = children(h);
  if (is_except) {
    l->fn->blocks[handler].is_handler = true;
    if (hs.n >= 1) lx(l, hs.v[0]); /* the filter expression */
    if (hs.n >= 2) lower_stmt(l, hs.v[hs.n - 1]);
    add_edge(l, l->cur, follow, EDGE_NORMAL);
  } else {
    if (hs.n >= 1) lower_stmt(l, hs.v[hs.n - 1]);
    int end = l->cur;
    add_edge(l, end, follow, EDGE_NORMAL);
    for (int i = 0; i < done.npending; i++) add_edge(l, end, done.pending[i], EDGE_NORMAL);
    /* an exception unwinding through the finally goes on to the enclosing handler */
    if (l->fn->blocks[handler].exc >= 0) add_edge(l, end, l->fn->blocks[handler].exc, EDGE_NORMAL);
  }
  free(done.pending);
  free(hs.v);
  free(cs.v);
  l->cur = follow;
}

static void lower_stmt(L *l, CXCursor c) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (++l->depth > MAX_DEPTH) {
    l->fn->too_complex = true;
    l->depth--;
    return;
  }
  switch (k) {
  case CXCursor_CompoundStmt: {
    cursors cs = children(c);
    for (int i = 0; i < cs.n; i++) lower_stmt(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_DeclStmt: {
    cursors cs = children(c);
    for (int i = 0; i < cs.n; i++) lower_decl(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_IfStmt: {
    cursors cs = children(c);
    if (cs.n >= 2) {
      int t = new_block(l), f = new_block(l), join = cs.n >= 3 ? new_block(l) : f;
      lower_cond(l, cs.v[0], t, f);
      l->cur = t;
      lower_stmt(l, cs.v[1]);
      add_edge(l, l->cur, join, EDGE_NORMAL);
      if (cs.n >= 3) {
        l->cur = f;
        lower_stmt(l, cs.v[2]);
        add_edge(l, l->cur, join, EDGE_NORMAL);
      }
      l->cur = join;
    }
    free(cs.v);
    break;
  }
  case CXCursor_WhileStmt: {
    cursors cs = children(c);
    if (cs.n >= 2) {
      int head = new_block(l), body = new_block(l), exit = new_block(l);
      add_edge(l, l->cur, head, EDGE_NORMAL);
      l->cur = head;
      lower_cond(l, cs.v[cs.n - 2], body, exit);
      l->cur = body;
      lower_loop_body(l, cs.v[cs.n - 1], exit, head);
      add_edge(l, l->cur, head, EDGE_NORMAL);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_DoStmt: {
    cursors cs = children(c);
    if (cs.n >= 2) {
      int body = new_block(l), condb = new_block(l), exit = new_block(l);
      add_edge(l, l->cur, body, EDGE_NORMAL);
      l->cur = body;
      lower_loop_body(l, cs.v[0], exit, condb);
      add_edge(l, l->cur, condb, EDGE_NORMAL);
      l->cur = condb;
      lower_cond(l, cs.v[1], body, exit);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_ForStmt: {
    CXCursor init, cond, inc, body;
    for_parts(l, c, &init, &cond, &inc, &body);
    if (!clang_Cursor_isNull(init)) lower_stmt(l, init);
    int head = new_block(l), bodyb = new_block(l), incb = new_block(l), exit = new_block(l);
    add_edge(l, l->cur, head, EDGE_NORMAL);
    l->cur = head;
    if (!clang_Cursor_isNull(cond))
      lower_cond(l, cond, bodyb, exit);
    else
      add_edge(l, head, bodyb, EDGE_NORMAL);
    l->cur = bodyb;
    lower_loop_body(l, body, exit, incb);
    add_edge(l, l->cur, incb, EDGE_NORMAL);
    l->cur = incb;
    if (!clang_Cursor_isNull(inc)) lx(l, inc);
    add_edge(l, l->cur, head, EDGE_NORMAL);
    l->cur = exit;
    break;
  }
  case CXCursor_SwitchStmt: {
    cursors cs = children(c);
    if (cs.n >= 2) {
      lx(l, cs.v[cs.n - 2]);
      int dispatch = l->cur, exit = new_block(l);
      switch_ctx sw = {dispatch, false};
      VEC_PUSH(l->sws, l->nsws, l->capsws, sw);
      push_jump(l, exit, l->njumps ? l->jumps[l->njumps - 1].cont : -1);
      l->cur = new_block(l); /* code before the first label is unreachable */
      lower_stmt(l, cs.v[cs.n - 1]);
      add_edge(l, l->cur, exit, EDGE_NORMAL);
      l->njumps--;
      if (!l->sws[--l->nsws].has_default) add_edge(l, dispatch, exit, EDGE_NORMAL);
      l->cur = exit;
    }
    free(cs.v);
    break;
  }
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt: {
    cursors cs = children(c);
    int b = new_block(l);
    add_edge(l, l->cur, b, EDGE_NORMAL);
    if (l->nsws) {
      add_edge(l, l->sws[l->nsws - 1].dispatch, b, EDGE_NORMAL);
      if (k == CXCursor_DefaultStmt) l->sws[l->nsws - 1].has_default = true;
    }
    l->cur = b;
    if (cs.n > 0 && (k == CXCursor_DefaultStmt || cs.n >= 2)) lower_stmt(l, cs.v[cs.n - 1]);
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
      add_edge(l, l->cur, label_block(l, spelling(&l->tu->A, ref)), EDGE_NORMAL);
    }
    l->cur = new_block(l);
    break;
  }
  case CXCursor_IndirectGotoStmt:
    l->cur = new_block(l);
    break;
  case CXCursor_LabelStmt: {
    int b = label_block(l, spelling(&l->tu->A, c));
    add_edge(l, l->cur, b, EDGE_NORMAL);
    l->cur = b;
    cursors cs = children(c);
    for (int i = 0; i < cs.n; i++) lower_stmt(l, cs.v[i]);
    free(cs.v);
    break;
  }
  case CXCursor_ReturnStmt: {
    CXCursor e;
    value *v = NULL;
    if (last_expr_child(c, &e)) v = lx(l, e);
    loc at = cursor_loc(l, c);
    event *r = emit(l, EV_RETURN, at);
    r->val = v;
    int exit = new_block(l);
    int save = l->cur;
    l->cur = exit;
    emit(l, EV_EXIT, at);
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
    if (is_expr(c)) expr_stmt(l, c);
    break;
  }
  l->depth--;
}

/* ---- functions and declarations ----------------------------------------------------- */

static enum CXChildVisitResult annot_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  void **ctx = d;
  L *l = ctx[0];
  function *fn = ctx[1];
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_AnnotateAttr) {
    const char *s = spelling(&l->tu->A, c);
    if (!strncmp(s, "drvcheck:", 9)) {
      fn->annots = xrealloc(fn->annots, sizeof(char *) * (size_t)(fn->nannots + 1));
      fn->annots[fn->nannots++] = s;
    }
  } else if (k == CXCursor_TypeRef && !fn->role) {
    CXCursor td = clang_getCursorReferenced(c);
    if (clang_getCursorKind(td) == CXCursor_TypedefDecl) {
      CXType ut = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(td));
      if (ut.kind == CXType_FunctionProto || ut.kind == CXType_FunctionNoProto) {
        fn->role = spelling(&l->tu->A, td);
        clang_visitChildren(td, annot_cb, d); /* annotations on the role typedef */
      }
    }
  }
  return CXChildVisit_Continue;
}

static void lower_function(L *l, CXCursor c, int idx) {
  function *fn = &l->tu->fns[idx];
  l->fn = fn;
  l->fnidx = idx;
  l->depth = 0;
  l->covered = 0;
  l->ntries = l->njumps = l->nsws = 0;
  intern_free(&l->labels);
  free(l->label_block);
  l->label_block = NULL;
  l->caplabels = 0;
  fn->name = spelling(&l->tu->A, c);
  fn->loc = cursor_loc(l, c);
  CXSourceRange ext = clang_getCursorExtent(c);
  fn->end_loc = mkloc(l, clang_getRangeEnd(ext));
  if (fn->end_loc.col > 1) fn->end_loc.col--; /* the range end is one past the brace */
  fn->reportable = fn->loc.file >= 0 && !l->tu->file_system[fn->loc.file];
  CXString rt = clang_getTypeSpelling(clang_getResultType(clang_getCursorType(c)));
  fn->ret_type = arena_strdup(&l->tu->A, clang_getCString(rt) ? clang_getCString(rt) : "");
  clang_disposeString(rt);
  int np = clang_Cursor_getNumArguments(c);
  fn->nparams = np > 0 ? np : 0;
  fn->params = arena_alloc(&l->tu->A, sizeof(int) * (size_t)(fn->nparams + 1));
  for (int i = 0; i < fn->nparams; i++) {
    int v = var_id(l, clang_Cursor_getArgument(c, (unsigned)i));
    l->tu->vars[v].param_index = i;
    fn->params[i] = v;
  }
  fn->entry = new_block(l);
  l->cur = fn->entry;
  cursors cs = children(c);
  for (int i = 0; i < cs.n; i++)
    if (clang_getCursorKind(cs.v[i]) == CXCursor_CompoundStmt) lower_stmt(l, cs.v[i]);
  free(cs.v);
  emit(l, EV_EXIT, fn->end_loc);
}

static void collect_annots(L *l, CXCursor decl, function *fn) {
  void *ctx[2] = {l, fn};
  clang_visitChildren(decl, annot_cb, ctx);
}

/* Flatten a global's aggregate initializer into tu->inits (registration tables). */
static void record_init(L *l, const char *var, const char *type, CXCursor init, int elem, int depth) {
  CXCursor s = strip(init);
  if (clang_getCursorKind(s) != CXCursor_InitListExpr || depth > 3) return;
  cursors cs = children(s);
  for (int i = 0; i < cs.n; i++) {
    CXCursor e = strip(cs.v[i]);
    if (clang_getCursorKind(e) == CXCursor_InitListExpr && depth == 0) {
      record_init(l, var, type, e, i, depth + 1);
      continue;
    }
    struct init_entry ie = {var, type, elem, i, NULL, NULL, cursor_loc(l, cs.v[i])};
    CXCursor ref = clang_getCursorReferenced(e);
    if (clang_getCursorKind(e) == CXCursor_DeclRefExpr && clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
      ie.val = mkval(l, VK_FUNC, ie.loc);
      ie.val->name = spelling(&l->tu->A, ref);
    } else {
      long long iv;
      ie.val = mkval(l, VK_CONST, ie.loc);
      if (eval_int(e, &iv)) {
        ie.val->is_const = true;
        ie.val->ival = iv;
      } else {
        ie.val->kind = VK_UNKNOWN;
      }
    }
    VEC_PUSH(l->tu->inits, l->tu->ninits, l->tu->capinits, ie);
  }
  free(cs.v);
}

static enum CXChildVisitResult top_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  L *l = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_FunctionDecl || k == CXCursor_VarDecl) {
    /* system headers are not analysed (their declarations are read when called) */
    if (clang_Location_isInSystemHeader(clang_getCursorLocation(c))) return CXChildVisit_Continue;
  }
  if (k == CXCursor_FunctionDecl) {
    const char *name = spelling(&l->tu->A, c);
    int nid = intern(&l->tu->fn_names, name);
    if (nid >= l->tu->cap_fn_by_name) {
      int nc = l->tu->cap_fn_by_name ? l->tu->cap_fn_by_name * 2 : 256;
      while (nc <= nid) nc *= 2;
      l->tu->fn_by_name = xrealloc(l->tu->fn_by_name, (size_t)nc * sizeof(int));
      for (int i = l->tu->cap_fn_by_name; i < nc; i++) l->tu->fn_by_name[i] = -1;
      l->tu->cap_fn_by_name = nc;
    }
    if (clang_isCursorDefinition(c) && l->tu->fn_by_name[nid] < 0) {
      VEC_RESERVE(l->tu->fns, l->tu->capfns, l->tu->nfns + 1);
      int idx = l->tu->nfns++;
      memset(&l->tu->fns[idx], 0, sizeof l->tu->fns[idx]);
      l->tu->fn_by_name[nid] = idx;
      lower_function(l, c, idx);
    }
    /* annotations and role typedefs from every declaration are gathered afterwards */
  } else if (k == CXCursor_VarDecl) {
    CXCursor init = clang_Cursor_getVarDeclInitializer(c);
    if (!clang_Cursor_isNull(init)) {
      CXString ts = clang_getTypeSpelling(clang_getCursorType(c));
      const char *type = arena_strdup(&l->tu->A, clang_getCString(ts) ? clang_getCString(ts) : "");
      clang_disposeString(ts);
      record_init(l, spelling(&l->tu->A, c), type, init, -1, 0);
    }
  } else if (k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl) {
    return CXChildVisit_Recurse;
  }
  return CXChildVisit_Continue;
}

/* Second pass: annotations and roles of every declaration, for definitions and for
 * declared-only functions (the restricted DDIs of the headers). */
static enum CXChildVisitResult decl_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  L *l = d;
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl) return CXChildVisit_Continue;
  if (clang_Location_isInSystemHeader(clang_getCursorLocation(c))) return CXChildVisit_Continue;
  const char *name = spelling(&l->tu->A, c);
  int idx = tu_find_function(l->tu, name);
  if (idx >= 0) {
    collect_annots(l, c, &l->tu->fns[idx]);
  } else {
    note_callee_decl(l, name, c);
  }
  return CXChildVisit_Continue;
}

void lower_tu(CXTranslationUnit ctu, const char *main_file, tu_model *tu) {
  L l = {0};
  l.tu = tu;
  l.ctu = ctu;
  tu->main_file = arena_strdup(&tu->A, main_file);
  tu_file_index(tu, main_file, false);
  CXCursor root = clang_getTranslationUnitCursor(ctu);
  clang_visitChildren(root, top_cb, &l);
  clang_visitChildren(root, decl_cb, &l);
  for (int i = 0; i < tu->nfns; i++) {
    function *fn = &tu->fns[i];
    for (int j = 0; j < fn->ncalls; j++)
      if (fn->calls[j]->callee) fn->calls[j]->callee_fn = tu_find_function(tu, fn->calls[j]->callee);
  }
  intern_free(&l.labels);
  free(l.label_block);
  free(l.tries);
  free(l.jumps);
  free(l.sws);
  free(l.fc);
  intern_free(&l.var_ids);
  intern_free(&l.callees_seen);
}

int tu_find_function(const tu_model *tu, const char *name) {
  int id = intern_find(&tu->fn_names, name);
  return id >= 0 && id < tu->cap_fn_by_name ? tu->fn_by_name[id] : -1;
}

const char *tu_key_name(const tu_model *tu, int key) {
  return key >= 0 && (size_t)key < tu->keys.n ? tu->keys.strs[key] : "";
}

void tu_free(tu_model *tu) {
  for (int i = 0; i < tu->nfns; i++) {
    function *fn = &tu->fns[i];
    for (int b = 0; b < fn->nblocks; b++) {
      free(fn->blocks[b].ev);
      free(fn->blocks[b].succ);
    }
    free(fn->blocks);
    free(fn->calls);
    free(fn->annots);
  }
  free(tu->fns);
  for (int i = 0; i < tu->nfiles; i++) free(tu->files[i]);
  free(tu->files);
  free(tu->file_system);
  free(tu->vars);
  free(tu->fn_by_name);
  free(tu->decl_annots);
  free(tu->inits);
  intern_free(&tu->keys);
  intern_free(&tu->fn_names);
  arena_free(&tu->A);
  memset(tu, 0, sizeof *tu);
}
