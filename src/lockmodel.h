/* lockmodel.h - PostgreSQL table lock modes and what each one blocks.
 *
 * The names and conflict sets follow the PostgreSQL manual, "Explicit
 * Locking" (13.3.1, Table 13.2). */
#ifndef MG_LOCKMODEL_H
#define MG_LOCKMODEL_H

typedef enum mg_lock {
	MG_LOCK_NONE = 0,
	MG_LOCK_ACCESS_SHARE,
	MG_LOCK_ROW_SHARE,
	MG_LOCK_ROW_EXCLUSIVE,
	MG_LOCK_SHARE_UPDATE_EXCLUSIVE,
	MG_LOCK_SHARE,
	MG_LOCK_SHARE_ROW_EXCLUSIVE,
	MG_LOCK_EXCLUSIVE,
	MG_LOCK_ACCESS_EXCLUSIVE
} mg_lock;

/* "ACCESS EXCLUSIVE", ... */
const char *mg_lock_name(mg_lock l);
/* What the lock blocks, for messages: "blocks reads and writes", ... */
const char *mg_lock_blocks(mg_lock l);
/* Non-zero when lock a conflicts with lock b. */
int mg_lock_conflicts(mg_lock a, mg_lock b);

#endif
