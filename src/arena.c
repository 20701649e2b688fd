/* arena.c - a bump allocator for data freed all at once. */
#include "config.h"
#include "arena.h"
#include "util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_MIN_CHUNK ((size_t)4096)

struct mg_arena_chunk {
	mg_arena_chunk *prev;
	size_t used, size;         /* bytes of data[] */
	alignas(max_align_t) unsigned char data[];
};

void mg_arena_init(mg_arena *a, size_t first_size)
{
	a->head = NULL;
	a->next_size = first_size < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : first_size;
}

void *mg_arena_alloc(mg_arena *a, size_t size)
{
	mg_arena_chunk *c = a->head;
	size_t need;

	if (size > SIZE_MAX - ARENA_ALIGN)
		mg_die_oom();
	need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (!c || c->size - c->used < need) {
		size_t csize = a->next_size;

		if (csize < need)
			csize = need;
		if (csize > SIZE_MAX - sizeof(*c))
			mg_die_oom();
		c = mg_xmalloc(sizeof(*c) + csize);
		c->prev = a->head;
		c->used = 0;
		c->size = csize;
		a->head = c;
		/* geometric growth keeps the number of chunks logarithmic */
		if (a->next_size <= (SIZE_MAX >> 2))
			a->next_size *= 2;
	}
	c->used += need;
	return c->data + c->used - need;
}

void mg_arena_free(mg_arena *a)
{
	mg_arena_chunk *c = a->head;

	while (c) {
		mg_arena_chunk *prev = c->prev;
		free(c);
		c = prev;
	}
	a->head = NULL;
}
