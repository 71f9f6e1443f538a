/* The checker's own program representation: values, events, basic blocks, functions and
 * the translation-unit model. Produced by lower.c from libclang; everything after lowering
 * (engine, domains, rules, reports) works on these types only. */
#ifndef DRVCHECK_IR_H
#define DRVCHECK_IR_H
#include <stdbool.h>

#include "util.h"

/* A source position: file index into tu_model.files, 1-based line and column. */
typedef struct loc {
  int file, line, col;
} loc;

typedef enum vkind {
  VK_UNKNOWN, /* anything not modelled */
  VK_CONST,   /* integer constant expression (ival) */
  VK_STRING,  /* string literal */
  VK_VAR,     /* a variable (local, parameter or global) */
  VK_FUNC,    /* a function designator (name) */
  VK_FIELD,   /* base.f or base->f (arrow) */
  VK_DEREF,   /* *base */
  VK_INDEX,   /* base[rhs] */
  VK_ADDROF,  /* &base */
  VK_ARITH,   /* base OP rhs where the result keeps base's pointer-ness (+, -, &, |, ...) */
  VK_CMP,     /* base OP rhs with OP a comparison */
  VK_NOT,     /* !base */
  VK_CALL,    /* result of the call event `call` */
  VK_COND,    /* c ? base : rhs (both arms kept) */
} vkind;

/* Operators kept on VK_ARITH / VK_CMP values. */
typedef enum op_kind {
  OP_NONE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_REM, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR,
  OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_LAND, OP_LOR,
} op_kind;

typedef enum var_kind { VAR_LOCAL, VAR_PARAM, VAR_GLOBAL } var_kind;

/* A variable of the translation unit. */
typedef struct var_info {
  const char *name;
  var_kind kind;
  int param_index; /* VAR_PARAM: position */
  int fn;          /* owning function for locals/params, -1 for globals */
  bool is_ptr;     /* pointer-typed */
  bool is_struct;  /* record-typed (copies carry fields) */
  loc decl;
} var_info;

/* An expression as the analysis sees it. Casts and parentheses are stripped. */
typedef struct value {
  vkind kind;
  op_kind op;
  int key;            /* access-path key for lvalues (VAR/FIELD/DEREF/INDEX), else -1 */
  int var;            /* VK_VAR: index into tu_model.vars */
  const char *name;   /* VK_VAR/VK_FUNC: name; VK_FIELD: member; VK_CALL: callee */
  struct value *base; /* operand */
  struct value *rhs;  /* second operand */
  struct value *cond; /* VK_COND: the condition */
  bool is_const;      /* an integer constant expression */
  long long ival;
  bool arrow;         /* VK_FIELD through -> */
  bool is_ptr;        /* has pointer type */
  int call;           /* VK_CALL: index of the call event within its function */
  const char *text;   /* a short spelling for messages, e.g. "ctx->Secure" */
  loc loc;
} value;

typedef enum ev_kind {
  EV_CALL,   /* callee(args...) */
  EV_ASSIGN, /* lhs = rhs (rhs NULL: lhs gets an unknown value; decl_uninit: declared, no init) */
  EV_ACCESS, /* memory reached through ptr (*p, p[i], p->f, or a memory routine's argument) */
  EV_RETURN, /* return val; (followed by the path to an EV_EXIT) */
  EV_EXIT,   /* the function returns here (loc: the return statement or the closing brace) */
} ev_kind;

typedef enum result_use { RU_OTHER, RU_DISCARDED, RU_ASSIGNED } result_use;

typedef struct event {
  ev_kind kind;
  loc loc;
  bool covered; /* lexically inside a __try body that has an __except handler */
  /* EV_CALL */
  const char *callee;
  int callee_fn; /* index of a function of this TU with a body, or -1 */
  value **args;
  int nargs;
  value *result; /* VK_CALL value standing for the call's result */
  result_use use;
  bool noreturn;
  bool via_macro; /* the call was written through a macro */
  /* EV_ASSIGN */
  value *lhs, *rhs;
  bool decl_uninit;
  bool is_decl;
  /* EV_ACCESS */
  value *ptr;
  bool write;
  const char *via; /* memory routine through which the access happens, or NULL */
  /* EV_RETURN */
  value *val;
} event;

typedef enum edge_kind { EDGE_NORMAL, EDGE_TRUE, EDGE_FALSE } edge_kind;
typedef struct edge {
  int to;
  edge_kind kind;
} edge;

/* A basic block: events run in order, then control goes to the successors. With a
 * condition, succ[0] is the true edge and succ[1] the false edge. `exc` is the block an
 * exception raised by a call or access in this block reaches (__except filter or
 * __finally), or -1. */
typedef struct block {
  event **ev;
  int nev, cap;
  edge *succ;
  int nsucc, capsucc;
  value *cond;
  int exc;
  bool is_handler; /* first block of an __except handler */
} block;

/* A function definition lowered to a CFG. */
typedef struct function {
  const char *name;
  loc loc;     /* the name in the definition */
  loc end_loc; /* the closing brace */
  block *blocks;
  int nblocks, capblocks;
  int entry;
  int nparams;
  int *params;          /* var ids of the parameters */
  const char **annots;  /* "drvcheck:KIND:ARG" annotations of every declaration */
  int nannots;
  const char *role;     /* role typedef used in a declaration (e.g. "KDEFERRED_ROUTINE") */
  const char *ret_type; /* spelling of the return type */
  bool reportable;      /* defined in the main file or a non-system header */
  bool too_complex;     /* lowering gave up (nesting too deep): analysed partially */
  event **calls;        /* every call event, indexed by value.call */
  int ncalls, capcalls;
} function;

/* Everything the analysis knows about one translation unit. */
typedef struct tu_model {
  arena A;
  const char *main_file;
  char **files;      /* file names as given / as clang reports them */
  bool *file_system; /* file is a system header (not reported) */
  int nfiles, capfiles;
  function *fns;
  int nfns, capfns;
  var_info *vars;
  int nvars, capvars;
  intern_table keys; /* access-path keys */
  /* Function-name lookup: name -> index of the definition. */
  intern_table fn_names;
  int *fn_by_name; /* indexed by fn_names id, -1 if only declared */
  int cap_fn_by_name;
  /* Annotations of declared-but-not-defined functions (restricted DDIs from headers). */
  struct decl_annot {
    const char *fn, *annot;
  } *decl_annots;
  int ndecl_annots, capdecl_annots;
  /* Aggregate initializers of globals (registration tables): flattened entries. */
  struct init_entry {
    const char *var;     /* the global's name */
    const char *type;    /* its element type spelling */
    int elem, field;     /* array element index (-1 if not an array), field index */
    const char *field_name;
    value *val;
    loc loc;
  } *inits;
  int ninits, capinits;
} tu_model;

/* Find the function defined with this name, or -1. */
int tu_find_function(const tu_model *tu, const char *name);
/* The key string of an access path id. */
const char *tu_key_name(const tu_model *tu, int key);
/* Strip VK_COND-free wrappers: returns the value's innermost base variable id or -1. */
int value_root_var(const value *v);
/* True if v is an lvalue stored only in this function's frame (a local, or a field of a
 * local struct). */
bool value_is_local_storage(const tu_model *tu, const value *v);
/* The value with pointer arithmetic, casts and &x->f stripped down to its source pointer. */
const value *value_pointer_base(const value *v);
/* The function-level view of the call event producing v, or NULL. */
const event *value_call_event(const function *f, const value *v);

/* Call step(e, u) for every event of f, in block order, repeating the whole walk while
 * some step returns true (at most `rounds` walks): the closure domains compute over
 * assignments (which locations may hold a handle, a mapping, a user pointer). */
void function_closure(const function *f, int rounds, bool (*step)(const event *e, void *u), void *u);
#endif
