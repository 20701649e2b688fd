/* util.c - allocation and string helpers. */
#include "config.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void mg_die_oom(void)
{
	fputs("migguard: fatal: out of memory\n", stderr);
	exit(2);
}

void *mg_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		mg_die_oom();
	return p;
}

void *mg_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		mg_die_oom();
	return p;
}

void *mg_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		mg_die_oom();
	return q;
}

char *mg_xstrdup(const char *s)
{
	return mg_xstrndup(s, strlen(s));
}

char *mg_xstrndup(const char *s, size_t n)
{
	char *p = mg_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mg_xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		mg_die_oom();
	p = mg_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *mg_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = mg_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void mg_buf_grow(mg_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->ptr = mg_xrealloc(b->ptr, b->cap);
}

void mg_buf_put(mg_buf *b, const char *s, size_t n)
{
	mg_buf_grow(b, n);
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void mg_buf_puts(mg_buf *b, const char *s)
{
	mg_buf_put(b, s, strlen(s));
}

void mg_buf_putc(mg_buf *b, char c)
{
	mg_buf_put(b, &c, 1);
}

void mg_buf_printf(mg_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = mg_xvasprintf(fmt, ap);
	va_end(ap);
	mg_buf_puts(b, s);
	free(s);
}

char *mg_buf_detach(mg_buf *b)
{
	char *p = b->ptr ? b->ptr : mg_xstrdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void mg_buf_free(mg_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

int mg_read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	mg_buf b = MG_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		mg_buf_put(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		mg_buf_free(&b);
		errno = e ? e : EIO;
		return -1;
	}
	fclose(f);
	*len = b.len;
	*out = mg_buf_detach(&b);
	return 0;
}

int mg_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int mg_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

long mg_ncpu(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;

	/* the CPUs this process may run on (taskset, a container's cpuset),
	 * not every CPU of the machine */
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
#endif
	{
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		return n > 0 ? n : 1;
	}
}
