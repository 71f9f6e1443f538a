/* Lowering: walks libclang's AST of each function definition and builds the checker's
 * own CFG of events (see ir.h). This file holds the model helpers (files, blocks, values,
 * variables) and the translation-unit walk; lower_expr.c and lower_stmt.c lower
 * expressions and statements. Nothing after lowering sees a CXCursor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"
#include "names.h"

static enum CXChildVisitResult collect_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  cursors *cs = d;
  VEC_PUSH(cs->v, cs->n, cs->cap, c);
  return CXChildVisit_Continue;
}
cursors lw_children(CXCursor c) {
  cursors cs = {0};
  clang_visitChildren(c, collect_cb, &cs);
  return cs;
}
char *lw_spelling(arena *a, CXCursor c) {
  CXString s = clang_getCursorSpelling(c);
  char *r = arena_strdup(a, clang_getCString(s) ? clang_getCString(s) : "");
  clang_disposeString(s);
  return r;
}

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

loc lw_mkloc(L *l, CXSourceLocation sl) {
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
loc lw_cursor_loc(L *l, CXCursor c) { return lw_mkloc(l, clang_getCursorLocation(c)); }

int lw_new_block(L *l) {
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
void lw_add_edge(L *l, int from, int to, edge_kind k) {
  block *b = &l->fn->blocks[from];
  edge e = {to, k};
  VEC_PUSH(b->succ, b->nsucc, b->capsucc, e);
}
event *lw_emit(L *l, ev_kind k, loc at) {
  event *e = arena_alloc(&l->tu->A, sizeof *e);
  e->kind = k;
  e->loc = at;
  e->covered = l->covered > 0;
  e->callee_fn = -1;
  block *b = &l->fn->blocks[l->cur];
  VEC_PUSH(b->ev, b->nev, b->cap, e);
  return e;
}
value *lw_mkval(L *l, vkind k, loc at) {
  value *v = arena_alloc(&l->tu->A, sizeof *v);
  v->kind = k;
  v->key = -1;
  v->var = -1;
  v->call = -1;
  v->loc = at;
  return v;
}
value *lw_unknown(L *l, loc at) { return lw_mkval(l, VK_UNKNOWN, at); }

bool lw_type_is_ptr(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
         t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray;
}
bool lw_type_is_record(CXType t) { return clang_getCanonicalType(t).kind == CXType_Record; }

/* Give an lvalue its access-path key and message text. */
void lw_set_key(L *l, value *v) {
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

int lw_var_id(L *l, CXCursor decl) {
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
  vi.name = lw_spelling(&l->tu->A, decl);
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
  vi.is_ptr = lw_type_is_ptr(t);
  vi.is_struct = lw_type_is_record(t);
  vi.decl = lw_cursor_loc(l, decl);
  VEC_PUSH(l->tu->vars, l->tu->nvars, l->tu->capvars, vi);
  return id;
}

/* ---- functions and declarations ----------------------------------------------------- */

static enum CXChildVisitResult annot_cb(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  void **ctx = d;
  L *l = ctx[0];
  function *fn = ctx[1];
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_AnnotateAttr) {
    const char *s = lw_spelling(&l->tu->A, c);
    if (!strncmp(s, "drvcheck:", 9)) {
      fn->annots = xrealloc(fn->annots, sizeof(char *) * (size_t)(fn->nannots + 1));
      fn->annots[fn->nannots++] = s;
    }
  } else if (k == CXCursor_TypeRef && !fn->role) {
    CXCursor td = clang_getCursorReferenced(c);
    if (clang_getCursorKind(td) == CXCursor_TypedefDecl) {
      CXType ut = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(td));
      if (ut.kind == CXType_FunctionProto || ut.kind == CXType_FunctionNoProto) {
        fn->role = lw_spelling(&l->tu->A, td);
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
  fn->name = lw_spelling(&l->tu->A, c);
  fn->loc = lw_cursor_loc(l, c);
  CXSourceRange ext = clang_getCursorExtent(c);
  fn->end_loc = lw_mkloc(l, clang_getRangeEnd(ext));
  if (fn->end_loc.col > 1) fn->end_loc.col--; /* the range end is one past the brace */
  fn->reportable = fn->loc.file >= 0 && !l->tu->file_system[fn->loc.file];
  CXString rt = clang_getTypeSpelling(clang_getResultType(clang_getCursorType(c)));
  fn->ret_type = arena_strdup(&l->tu->A, clang_getCString(rt) ? clang_getCString(rt) : "");
  clang_disposeString(rt);
  int np = clang_Cursor_getNumArguments(c);
  fn->nparams = np > 0 ? np : 0;
  fn->params = arena_alloc(&l->tu->A, sizeof(int) * (size_t)(fn->nparams + 1));
  for (int i = 0; i < fn->nparams; i++) {
    int v = lw_var_id(l, clang_Cursor_getArgument(c, (unsigned)i));
    l->tu->vars[v].param_index = i;
    fn->params[i] = v;
  }
  fn->entry = lw_new_block(l);
  l->cur = fn->entry;
  cursors cs = lw_children(c);
  for (int i = 0; i < cs.n; i++)
    if (clang_getCursorKind(cs.v[i]) == CXCursor_CompoundStmt) lw_lower_stmt(l, cs.v[i]);
  free(cs.v);
  lw_emit(l, EV_EXIT, fn->end_loc);
}

void lw_collect_annots(L *l, CXCursor decl, function *fn) {
  void *ctx[2] = {l, fn};
  clang_visitChildren(decl, annot_cb, ctx);
}

/* Flatten a global's aggregate initializer into tu->inits (registration tables). */
static void record_init(L *l, const char *var, const char *type, CXCursor init, int elem, int depth) {
  CXCursor s = lw_strip(init);
  if (clang_getCursorKind(s) != CXCursor_InitListExpr || depth > 3) return;
  cursors cs = lw_children(s);
  for (int i = 0; i < cs.n; i++) {
    CXCursor e = lw_strip(cs.v[i]);
    if (clang_getCursorKind(e) == CXCursor_InitListExpr && depth == 0) {
      record_init(l, var, type, e, i, depth + 1);
      continue;
    }
    struct init_entry ie = {var, type, elem, i, NULL, NULL, lw_cursor_loc(l, cs.v[i])};
    CXCursor ref = clang_getCursorReferenced(e);
    if (clang_getCursorKind(e) == CXCursor_DeclRefExpr && clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
      ie.val = lw_mkval(l, VK_FUNC, ie.loc);
      ie.val->name = lw_spelling(&l->tu->A, ref);
    } else {
      long long iv;
      ie.val = lw_mkval(l, VK_CONST, ie.loc);
      if (lw_eval_int(e, &iv)) {
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
    const char *name = lw_spelling(&l->tu->A, c);
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
      record_init(l, lw_spelling(&l->tu->A, c), type, init, -1, 0);
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
  const char *name = lw_spelling(&l->tu->A, c);
  int idx = tu_find_function(l->tu, name);
  if (idx >= 0) {
    lw_collect_annots(l, c, &l->tu->fns[idx]);
  } else {
    lw_note_callee_decl(l, name, c);
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

