/* lockmodel.c - lock modes, their conflicts and what they block. */
#include "config.h"
#include "lockmodel.h"

static const char *const names[] = {
	[MG_LOCK_NONE] = "no",
	[MG_LOCK_ACCESS_SHARE] = "ACCESS SHARE",
	[MG_LOCK_ROW_SHARE] = "ROW SHARE",
	[MG_LOCK_ROW_EXCLUSIVE] = "ROW EXCLUSIVE",
	[MG_LOCK_SHARE_UPDATE_EXCLUSIVE] = "SHARE UPDATE EXCLUSIVE",
	[MG_LOCK_SHARE] = "SHARE",
	[MG_LOCK_SHARE_ROW_EXCLUSIVE] = "SHARE ROW EXCLUSIVE",
	[MG_LOCK_EXCLUSIVE] = "EXCLUSIVE",
	[MG_LOCK_ACCESS_EXCLUSIVE] = "ACCESS EXCLUSIVE",
};

/* Conflict matrix, PostgreSQL manual table 13.2: bit b of conflicts[a] is set
 * when mode a conflicts with mode b. */
#define B(x) (1u << (x))
static const unsigned conflicts[] = {
	[MG_LOCK_NONE] = 0,
	[MG_LOCK_ACCESS_SHARE] = B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ROW_SHARE] = B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ROW_EXCLUSIVE] = B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE_UPDATE_EXCLUSIVE] = B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE] = B(MG_LOCK_ROW_EXCLUSIVE) | B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE_ROW_EXCLUSIVE] = B(MG_LOCK_ROW_EXCLUSIVE) |
		B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) | B(MG_LOCK_SHARE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_EXCLUSIVE] = B(MG_LOCK_ROW_SHARE) | B(MG_LOCK_ROW_EXCLUSIVE) |
		B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) | B(MG_LOCK_SHARE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ACCESS_EXCLUSIVE] = B(MG_LOCK_ACCESS_SHARE) | B(MG_LOCK_ROW_SHARE) |
		B(MG_LOCK_ROW_EXCLUSIVE) | B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
};
#undef B

const char *mg_lock_name(mg_lock l)
{
	if ((unsigned)l > MG_LOCK_ACCESS_EXCLUSIVE)
		return "unknown";
	return names[l];
}

int mg_lock_conflicts(mg_lock a, mg_lock b)
{
	if ((unsigned)a > MG_LOCK_ACCESS_EXCLUSIVE || (unsigned)b > MG_LOCK_ACCESS_EXCLUSIVE)
		return 0;
	return (conflicts[a] >> b) & 1u;
}

const char *mg_lock_blocks(mg_lock l)
{
	/* Derived from the matrix: SELECT takes ACCESS SHARE, writes take
	 * ROW EXCLUSIVE, DDL and VACUUM take SHARE UPDATE EXCLUSIVE or more. */
	if (mg_lock_conflicts(l, MG_LOCK_ACCESS_SHARE))
		return "blocks reads and writes";
	if (mg_lock_conflicts(l, MG_LOCK_ROW_EXCLUSIVE))
		return "blocks writes";
	if (mg_lock_conflicts(l, MG_LOCK_SHARE_UPDATE_EXCLUSIVE))
		return "blocks other DDL and VACUUM";
	return "blocks only ACCESS EXCLUSIVE locks";
}
