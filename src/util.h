/* util.h - small allocation and string helpers shared by every module. */
#ifndef MG_UTIL_H
#define MG_UTIL_H

#include <stddef.h>
#include <stdarg.h>

/* Allocation helpers abort with a message on out-of-memory: migguard cannot
 * do anything sensible without memory, and a hook must never pass silently,
 * so the process exits with status 2 (internal error). */
/* Prints 'out of memory' and exits with 2, as every mg_x* allocator does. */
void mg_die_oom(void) __attribute__((noreturn));
void *mg_xmalloc(size_t n);
void *mg_xcalloc(size_t n, size_t size);
void *mg_xrealloc(void *p, size_t n);
char *mg_xstrdup(const char *s);
char *mg_xstrndup(const char *s, size_t n);
char *mg_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *mg_xvasprintf(const char *fmt, va_list ap);

/* Growable byte buffer, always NUL-terminated. */
typedef struct mg_buf {
	char *ptr;
	size_t len;
	size_t cap;
} mg_buf;

#define MG_BUF_INIT { NULL, 0, 0 }

void mg_buf_grow(mg_buf *b, size_t extra);
void mg_buf_put(mg_buf *b, const char *s, size_t n);
void mg_buf_puts(mg_buf *b, const char *s);
void mg_buf_putc(mg_buf *b, char c);
void mg_buf_printf(mg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mg_buf_detach(mg_buf *b);
void mg_buf_free(mg_buf *b);

/* Read a whole file; returns 0, or -1 with errno set. *out is NUL-terminated. */
int mg_read_file(const char *path, char **out, size_t *len);

/* The number of CPUs this process may run on (its affinity mask), at
 * least 1: how many threads are worth starting. */
long mg_ncpu(void);

int mg_starts_with(const char *s, const char *prefix);
int mg_ends_with(const char *s, const char *suffix);

#define MG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
