/* Small shared utilities: arena allocation, growable arrays, string helpers. */
#ifndef DRVCHECK_UTIL_H
#define DRVCHECK_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An arena frees everything allocated from it at once (one per translation unit). */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
  arena_chunk *head;
} arena;

/* Allocate zeroed memory from the arena; aborts with a message if memory runs out. */
void *arena_alloc(arena *a, size_t size);
/* Copy a string into the arena. */
char *arena_strdup(arena *a, const char *s);
/* Copy n bytes of s into the arena as a NUL-terminated string. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Release every chunk of the arena. */
void arena_free(arena *a);

/* malloc/realloc/calloc that abort with a message instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* printf into freshly malloc'd memory. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow a heap array to hold at least n elements (capacity doubles). */
#define VEC_RESERVE(ptr, cap, n)                                              \
  do {                                                                        \
    if ((size_t)(n) > (size_t)(cap)) {                                        \
      size_t nc_ = (cap) ? (size_t)(cap) * 2 : 8;                              \
      while (nc_ < (size_t)(n)) nc_ *= 2;                                     \
      (ptr) = xrealloc((ptr), nc_ * sizeof *(ptr));                           \
      (cap) = nc_;                                                            \
    }                                                                         \
  } while (0)
#define VEC_PUSH(ptr, len, cap, val)                                          \
  do {                                                                        \
    VEC_RESERVE(ptr, cap, (len) + 1);                                         \
    (ptr)[(len)++] = (val);                                                   \
  } while (0)

/* A growable string buffer. */
typedef struct strbuf {
  char *s;
  size_t len, cap;
} strbuf;
void sb_putc(strbuf *b, char c);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);

/* Interning table: maps strings to dense ids (0..n-1). */
typedef struct intern_table {
  char **strs;
  size_t n, cap;
  uint32_t *slots; /* open addressing: id+1, 0 = empty */
  size_t nslots;
} intern_table;
/* Return the id of s, adding it if new. */
int intern(intern_table *t, const char *s);
/* Return the id of s or -1. */
int intern_find(const intern_table *t, const char *s);
void intern_free(intern_table *t);

/* FNV-1a 64-bit hash, for fingerprints and tables. */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
uint64_t hash_str(const char *s);

/* Filesystem: is p a directory / a regular file; create dir and its parents (mkdir -p). */
bool path_is_dir(const char *p);
bool path_is_file(const char *p);
void make_dirs(const char *dir);

/* True if name is in the NULL-terminated list. */
bool name_in(const char *name, const char *const *list);
#endif
