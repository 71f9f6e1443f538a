/* Debug dump of the lowered CFG (drvcheck --dump-cfg): one line per event and edge. */
#include <stdio.h>

#include "dump.h"

static const char *kind_name[] = {"unknown", "const", "string", "var", "func", "field", "deref", "index",
                                   "addrof", "arith", "cmp", "not", "call", "cond"};

static void dump_value(FILE *out, const tu_model *tu, const value *v) {
  if (!v) {
    fputs("-", out);
    return;
  }
  if (v->is_const) {
    fprintf(out, "%lld", v->ival);
    return;
  }
  fprintf(out, "%s", kind_name[v->kind]);
  if (v->key >= 0) fprintf(out, "<%s>", tu_key_name(tu, v->key));
  if (v->name) fprintf(out, "'%s'", v->name);
  if (v->base || v->rhs) {
    fputc('(', out);
    dump_value(out, tu, v->base);
    if (v->rhs) {
      fputc(',', out);
      dump_value(out, tu, v->rhs);
    }
    fputc(')', out);
  }
}

void dump_tu(FILE *out, const tu_model *tu) {
  static const char *ev_name[] = {"call", "assign", "access", "return", "exit"};
  for (int i = 0; i < tu->nfns; i++) {
    const function *fn = &tu->fns[i];
    fprintf(out, "function %s (line %d, role %s, %d blocks)\n", fn->name, fn->loc.line, fn->role ? fn->role : "-",
            fn->nblocks);
    for (int a = 0; a < fn->nannots; a++) fprintf(out, "  annotation %s\n", fn->annots[a]);
    for (int b = 0; b < fn->nblocks; b++) {
      const block *bl = &fn->blocks[b];
      fprintf(out, "  B%d%s exc=%d\n", b, b == fn->entry ? " (entry)" : "", bl->exc);
      for (int k = 0; k < bl->nev; k++) {
        const event *e = bl->ev[k];
        fprintf(out, "    %d:%d %s%s ", e->loc.line, e->loc.col, ev_name[e->kind], e->covered ? " [covered]" : "");
        if (e->kind == EV_CALL) {
          fprintf(out, "%s use=%d(", e->callee ? e->callee : "?", e->use);
          for (int j = 0; j < e->nargs; j++) {
            if (j) fputs(", ", out);
            dump_value(out, tu, e->args[j]);
          }
          fputc(')', out);
        } else if (e->kind == EV_ASSIGN) {
          dump_value(out, tu, e->lhs);
          fputs(" = ", out);
          dump_value(out, tu, e->rhs);
        } else if (e->kind == EV_ACCESS) {
          dump_value(out, tu, e->ptr);
        } else if (e->kind == EV_RETURN) {
          dump_value(out, tu, e->val);
        }
        fputc('\n', out);
      }
      if (bl->cond) {
        fputs("    if ", out);
        dump_value(out, tu, bl->cond);
        fputc('\n', out);
      }
      for (int k = 0; k < bl->nsucc; k++)
        fprintf(out, "    -> B%d%s\n", bl->succ[k].to,
                bl->succ[k].kind == EDGE_TRUE ? " (true)" : bl->succ[k].kind == EDGE_FALSE ? " (false)" : "");
    }
  }
}
