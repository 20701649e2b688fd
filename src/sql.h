/* sql.h - libpg_query wrapper: statements, positions and comments.
 *
 * mg_sql_parse() parses one file's text with PostgreSQL's own grammar and
 * keeps, for every top-level statement, its parse tree and its byte range in
 * the file.  Offsets are file offsets (a UTF-8 BOM is skipped for parsing but
 * counted in offsets), so positions point at the bytes as stored. */
#ifndef MG_SQL_H
#define MG_SQL_H

#include <stddef.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "arena.h"

typedef struct mg_comment {
	size_t start, end;   /* file offsets, [start, end) */
	int is_line;         /* 1 for "--" comments, 0 for C-style */
} mg_comment;

typedef struct mg_stmt {
	const PgQuery__Node *node;
	size_t start, end;   /* file offsets of the statement text, [start, end) */
	int line, column;    /* of start */
	int end_line, end_column; /* of the last byte (inclusive) */
} mg_stmt;

/* A statement PostgreSQL's grammar rejected. */
typedef struct mg_sql_error {
	char *message;       /* PostgreSQL's message */
	size_t offset;       /* file offset of the error cursor */
	size_t start, end;   /* the rejected statement, [start, end) */
} mg_sql_error;

typedef struct mg_sql {
	const char *src;     /* not owned; the file as stored */
	size_t len;
	size_t base;         /* bytes skipped before parsing (3 for a BOM) */
	size_t *line_starts;
	size_t nlines;

	PgQuery__ParseResult *tree;  /* allocated from arena */
	mg_arena arena;
	mg_stmt *stmts;
	size_t nstmts;
	mg_comment *comments;
	size_t ncomments;

	/* Set when PostgreSQL's grammar rejected the text. */
	int has_error;
	char *error;         /* PostgreSQL's message (the first error) */
	size_t error_offset; /* file offset of the error cursor */
	/* When the text could be split into statements (by the scanner),
	 * every rejected statement is in errors and the statements that
	 * parse are in stmts; otherwise nerrors is 0 and stmts is empty. */
	mg_sql_error *errors;
	size_t nerrors;
} mg_sql;

/* Parses src[0..len).  Returns 0 on success or on a syntax error (has_error
 * set; the statements that parse on their own are kept, see errors), -1
 * when the text cannot be handed to the parser at all (embedded NUL byte):
 * *s is still initialised and must be freed. */
int mg_sql_parse(mg_sql *s, const char *src, size_t len);
void mg_sql_free(mg_sql *s);

/* The comments of text[0..len) (the text handed to the parser, base bytes
 * into the file; offsets in the result are file offsets) found by a quick
 * lexer that follows PostgreSQL's scanner, without calling it.  Returns 0,
 * or -1 (nothing allocated) when it is unsure: an unterminated quote or
 * comment, an unusual token, or a statement that may be nested deeper than
 * sqldepth.h allows.  Valid only for text that PostgreSQL parses. */
int mg_sql_quick_scan(const char *text, size_t len, size_t base, mg_comment **comments,
		      size_t *ncomments);

/* Maps a file offset to a 1-based line and 1-based byte column.  CR LF
 * counts as one line end; a BOM does not shift the first line's columns. */
void mg_sql_position(const mg_sql *s, size_t offset, int *line, int *column);

/* Converts a node location (parser coordinates, -1 when unknown) to a file
 * offset; unknown locations fall back to the statement start. */
size_t mg_sql_node_offset(const mg_sql *s, const mg_stmt *st, int location);

/* Line starts only (no parsing), for sources that are not SQL. */
void mg_lines_index(const char *src, size_t len, size_t **starts, size_t *n);
void mg_lines_position(const size_t *starts, size_t n, size_t base,
		       size_t offset, int *line, int *column);

#endif
