/* `drvcheck merge`: several SARIF logs (the shards of one check) joined into one log with
 * one run: the union of the rules, every result, in a deterministic order, duplicates
 * (one header's finding reached from two shards) once. */
#include "merge.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "util.h"

/* ---- reading -------------------------------------------------------------------------- */

static json_t *load_log(const char *path, char **err) {
  json_error_t je;
  json_t *log = json_load_file(path, 0, &je);
  if (!log) {
    *err = je.line > 0 ? xasprintf("%s:%d: not a SARIF file: %s", path, je.line, je.text)
                       : xasprintf("%s: cannot read: %s", path, je.text);
    return NULL;
  }
  if (!json_is_array(json_object_get(log, "runs"))) {
    *err = xasprintf("%s: not a SARIF log (no \"runs\" array)", path);
    json_decref(log);
    return NULL;
  }
  return log;
}

static const char *str_at(json_t *o, const char *a, const char *b) {
  json_t *v = json_object_get(o, a);
  if (b) v = json_object_get(v, b);
  return json_is_string(v) ? json_string_value(v) : "";
}

static const char *driver_name(json_t *run) {
  return str_at(json_object_get(json_object_get(run, "tool"), "driver"), "name", NULL);
}

/* ---- the merged run ------------------------------------------------------------------- */

typedef struct merged {
  json_t *run;       /* copy of the first run without rules, results and artifacts */
  json_t *rules;     /* union, first definition of each id kept */
  json_t *results;   /* every result, artifact indices removed */
  json_t *invocations;
} merged;

static int rule_pos(json_t *rules, const char *id) {
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) if (!strcmp(str_at(r, "id", NULL), id)) return (int)i;
  return -1;
}

/* Artifact indices refer to a run's own artifacts array: keep the uri, drop the index. */
static void drop_artifact_index(json_t *loc, json_t *artifacts) {
  json_t *al = json_object_get(json_object_get(loc, "physicalLocation"), "artifactLocation");
  json_t *idx = json_object_get(al, "index");
  if (!al || !json_is_integer(idx)) return;
  json_t *art = json_array_get(artifacts, (size_t)json_integer_value(idx));
  const char *uri = str_at(json_object_get(art, "location"), "uri", NULL);
  if (!json_object_get(al, "uri") && *uri) json_object_set_new(al, "uri", json_string(uri));
  json_object_del(al, "index");
}

static void add_result(merged *m, json_t *res, json_t *artifacts) {
  json_t *r = json_deep_copy(res);
  const char *lists[] = {"locations", "relatedLocations"};
  for (int k = 0; k < 2; k++) {
    size_t i;
    json_t *loc;
    json_array_foreach(json_object_get(r, lists[k]), i, loc) drop_artifact_index(loc, artifacts);
  }
  json_object_del(json_object_get(r, "rule"), "index");
  json_object_del(r, "ruleIndex"); /* set again against the merged rules */
  json_array_append_new(m->results, r);
}

static void add_run(merged *m, json_t *run) {
  if (!m->run) {
    m->run = json_deep_copy(run);
    json_object_del(m->run, "results");
    json_object_del(m->run, "artifacts");
    json_object_del(m->run, "invocations");
    json_object_del(json_object_get(json_object_get(m->run, "tool"), "driver"), "rules");
  }
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules"), i, v)
    if (rule_pos(m->rules, str_at(v, "id", NULL)) < 0) json_array_append(m->rules, v);
  json_t *artifacts = json_object_get(run, "artifacts");
  json_array_foreach(json_object_get(run, "results"), i, v) add_result(m, v, artifacts);
  json_array_foreach(json_object_get(run, "invocations"), i, v) json_array_append(m->invocations, v);
}

/* ---- order and duplicates --------------------------------------------------------------- */

typedef struct rkey {
  const char *uri, *rule, *msg, *note_uri;
  int line, col, note_line, note_col, nnotes;
  json_t *r;
} rkey;

static void region_of(json_t *loc, const char **uri, int *line, int *col) {
  json_t *pl = json_object_get(loc, "physicalLocation");
  *uri = str_at(json_object_get(pl, "artifactLocation"), "uri", NULL);
  json_t *reg = json_object_get(pl, "region");
  *line = (int)json_integer_value(json_object_get(reg, "startLine"));
  *col = (int)json_integer_value(json_object_get(reg, "startColumn"));
}

static rkey key_of(json_t *r) {
  rkey k = {0};
  k.r = r;
  k.rule = str_at(r, "ruleId", NULL);
  k.msg = str_at(r, "message", "text");
  region_of(json_array_get(json_object_get(r, "locations"), 0), &k.uri, &k.line, &k.col);
  json_t *rel = json_object_get(r, "relatedLocations");
  k.nnotes = (int)json_array_size(rel);
  k.note_uri = "";
  if (k.nnotes) region_of(json_array_get(rel, 0), &k.note_uri, &k.note_line, &k.note_col);
  return k;
}

/* The order of findings_sort_unique: place, rule, first related location, message. */
static int cmp_key(const void *a, const void *b) {
  const rkey *x = a, *y = b;
  int c = strcmp(x->uri, y->uri);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  if ((c = strcmp(x->rule, y->rule))) return c;
  if (x->nnotes && y->nnotes) {
    if ((c = strcmp(x->note_uri, y->note_uri))) return c;
    if (x->note_line != y->note_line) return x->note_line < y->note_line ? -1 : 1;
    if (x->note_col != y->note_col) return x->note_col < y->note_col ? -1 : 1;
  }
  if ((c = strcmp(x->msg, y->msg))) return c;
  if (x->nnotes != y->nnotes) return x->nnotes - y->nnotes;
  /* equal keys: a total order on the whole result keeps the output deterministic */
  char *sx = json_dumps(x->r, JSON_SORT_KEYS | JSON_COMPACT), *sy = json_dumps(y->r, JSON_SORT_KEYS | JSON_COMPACT);
  c = strcmp(sx ? sx : "", sy ? sy : "");
  free(sx);
  free(sy);
  return c;
}

static bool duplicate(const rkey *kept, int n, const rkey *k) {
  for (int j = n - 1; j >= 0; j--) {
    if (strcmp(kept[j].uri, k->uri) || kept[j].line != k->line) break;
    if (strcmp(kept[j].rule, k->rule)) continue;
    if (kept[j].col == k->col || findings_once_per_line(k->rule)) return true;
  }
  return false;
}

static json_t *sorted_results(merged *m) {
  size_t n = json_array_size(m->results);
  rkey *keys = xcalloc(n ? n : 1, sizeof *keys);
  for (size_t i = 0; i < n; i++) keys[i] = key_of(json_array_get(m->results, i));
  qsort(keys, n, sizeof *keys, cmp_key);
  json_t *out = json_array();
  int kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (duplicate(keys, kept, &keys[i])) continue;
    keys[kept++] = keys[i];
    json_t *r = keys[i].r;
    int pos = rule_pos(m->rules, keys[i].rule);
    if (pos >= 0) json_object_set_new(r, "ruleIndex", json_integer(pos));
    json_array_append(out, r);
  }
  free(keys);
  return out;
}

/* ---- entry point ------------------------------------------------------------------------ */

json_t *merge_sarif(const char *const *paths, int n, char **err) {
  merged m = {NULL, json_array(), json_array(), json_array()};
  json_t *out = NULL;
  const char *tool = NULL;
  for (int i = 0; i < n; i++) {
    json_t *log = load_log(paths[i], err);
    if (!log) goto done;
    size_t k;
    json_t *run;
    json_array_foreach(json_object_get(log, "runs"), k, run) {
      if (tool && strcmp(tool, driver_name(run))) {
        *err = xasprintf("%s: a run of '%s', not '%s': only reports of one tool can be merged", paths[i],
                         driver_name(run), tool);
        json_decref(log);
        goto done;
      }
      if (!tool) tool = xstrdup(driver_name(run));
      add_run(&m, run);
    }
    json_decref(log);
  }
  if (!m.run) m.run = json_pack("{s:{s:{s:s}}}", "tool", "driver", "name", "drvcheck");
  json_object_set(json_object_get(json_object_get(m.run, "tool"), "driver"), "rules", m.rules);
  json_object_set_new(m.run, "results", sorted_results(&m));
  if (json_array_size(m.invocations)) json_object_set(m.run, "invocations", m.invocations);
  out = json_pack("{s:s,s:s,s:[O]}", "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                  "runs", m.run);
done:
  free((char *)tool);
  json_decref(m.run);
  json_decref(m.rules);
  json_decref(m.results);
  json_decref(m.invocations);
  return out;
}
