/* arena.h - a bump allocator for data freed all at once.
 *
 * A parse tree unpacked by protobuf-c is thousands of small allocations
 * that live exactly as long as the tree; taking them from an arena makes
 * each allocation a pointer bump and the tree's release one free() per
 * chunk (instead of a walk of the tree with a free() per node). */
#ifndef MG_ARENA_H
#define MG_ARENA_H

#include <stddef.h>

typedef struct mg_arena_chunk mg_arena_chunk;

typedef struct mg_arena {
	mg_arena_chunk *head;  /* the chunk allocations come from */
	size_t next_size;      /* size of the next chunk to allocate */
} mg_arena;

/* An empty arena whose first chunk will hold at least first_size bytes. */
void mg_arena_init(mg_arena *a, size_t first_size);

/* size bytes aligned for any object; never NULL (aborts on out of memory,
 * like mg_xmalloc).  Valid until mg_arena_free(). */
void *mg_arena_alloc(mg_arena *a, size_t size);

/* Frees every allocation at once; the arena is empty (and reusable) after. */
void mg_arena_free(mg_arena *a);

#endif
