/* Internal interface of the lowering (lower.c: model helpers and the translation unit;
 * lower_expr.c: expressions and conditions; lower_stmt.c: statements). Only these three
 * files read libclang's AST. */
#ifndef DRVCHECK_LOWER_INTERNAL_H
#define DRVCHECK_LOWER_INTERNAL_H
#include <clang-c/Index.h>

#include "lower.h"

/* Recursion follows the nesting of the source and is bounded by MAX_DEPTH (deeper code is
 * cut off and the function marked too_complex), so hostile input cannot overflow the stack. */
enum { MAX_DEPTH = 400 };

typedef struct cursors {
  CXCursor *v;
  int n, cap;
} cursors;


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

/* Children of a cursor (malloc'd array). */
cursors lw_children(CXCursor c);
/* A cursor's spelling, copied into the arena. */
char *lw_spelling(arena *a, CXCursor c);
/* Expansion location (the macro use for macro-produced code). */
loc lw_mkloc(L *l, CXSourceLocation sl);
loc lw_cursor_loc(L *l, CXCursor c);
/* CFG building: a new block, an edge, an event appended to the current block. */
int lw_new_block(L *l);
void lw_add_edge(L *l, int from, int to, edge_kind k);
event *lw_emit(L *l, ev_kind k, loc at);
/* Values: a new one, an unknown one, its access-path key; the variable of a declaration. */
value *lw_mkval(L *l, vkind k, loc at);
value *lw_unknown(L *l, loc at);
void lw_set_key(L *l, value *v);
int lw_var_id(L *l, CXCursor decl);
bool lw_type_is_ptr(CXType t);
bool lw_type_is_record(CXType t);
/* Expressions (lower_expr.c). */
bool lw_is_expr(CXCursor c);
bool lw_last_expr_child(CXCursor c, CXCursor *out);
CXCursor lw_strip(CXCursor c);
bool lw_eval_int(CXCursor c, long long *out);
value *lw_lx(L *l, CXCursor c);
void lw_lower_cond(L *l, CXCursor c, int t, int f);
void lw_emit_assign(L *l, value *lhs, value *rhs, loc at);
/* Statements (lower_stmt.c). */
void lw_lower_stmt(L *l, CXCursor c);
/* Declarations (lower.c): annotations and role of a declaration; a called routine's. */
void lw_collect_annots(L *l, CXCursor decl, function *fn);
void lw_note_callee_decl(L *l, const char *name, CXCursor decl);
#endif
