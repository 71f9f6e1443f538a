/* Queries on the checker's values (see ir.h). */
#include <string.h>

#include "ir.h"

int value_root_var(const value *v) {
  while (v) {
    if (v->kind == VK_VAR) return v->var;
    if (v->kind == VK_CALL || v->kind == VK_CONST || v->kind == VK_UNKNOWN) return -1;
    v = v->base;
  }
  return -1;
}

bool value_is_local_storage(const tu_model *tu, const value *v) {
  /* a local variable, or a field / constant index of a local struct or array */
  while (v && (v->kind == VK_FIELD || v->kind == VK_INDEX) && !(v->kind == VK_FIELD && v->arrow)) {
    if (v->kind == VK_INDEX && v->base && v->base->kind == VK_VAR && tu->vars[v->base->var].is_ptr &&
        tu->vars[v->base->var].kind != VAR_LOCAL)
      return false;
    v = v->base;
  }
  return v && v->kind == VK_VAR && tu->vars[v->var].kind == VAR_LOCAL;
}

const value *value_pointer_base(const value *v) {
  for (;;) {
    if (!v) return NULL;
    if (v->kind == VK_ARITH && v->base) {
      v = v->base;
      continue;
    }
    if (v->kind == VK_ADDROF && v->base && (v->base->kind == VK_FIELD || v->base->kind == VK_INDEX) &&
        v->base->base) {
      /* &p->f, &p[i]: the pointer p */
      if (v->base->kind == VK_FIELD && !v->base->arrow) {
        v = v->base->base;
        continue;
      }
      v = v->base->base;
      continue;
    }
    return v;
  }
}

const event *value_call_event(const function *f, const value *v) {
  if (!v || v->kind != VK_CALL || v->call < 0 || v->call >= f->ncalls) return NULL;
  return f->calls[v->call];
}

void function_closure(const function *f, int rounds, bool (*step)(const event *e, void *u), void *u) {
  bool changed = true;
  for (int it = 0; changed && it < rounds; it++) {
    changed = false;
    for (int b = 0; b < f->nblocks; b++)
      for (int i = 0; i < f->blocks[b].nev; i++)
        if (step(f->blocks[b].ev[i], u)) changed = true;
  }
}
