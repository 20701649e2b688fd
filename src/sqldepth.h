/* sqldepth.h - refuse SQL nested too deeply to parse safely.
 *
 * libpg_query and protobuf-c walk parse trees recursively with large stack
 * frames: a left-deep chain such as "SELECT 1+1+...+1" with a few thousand
 * operators overflows an 8 MB stack (PostgreSQL's own grammar only bounds
 * right recursion and parentheses, at 10,000 levels).  Before a text is
 * parsed, mg_sql_depth_blank() estimates from the token stream an upper
 * bound of the nesting of every statement: parentheses, brackets and CASE open a
 * level, operators and keywords deepen the current one, commas, AND, OR and
 * CASE branches (flat lists in the tree) reset it. */
#ifndef MG_SQLDEPTH_H
#define MG_SQLDEPTH_H

#include <stddef.h>

/* Estimated levels above which a text is not parsed.  Real migrations stay
 * far below (the 1,930 corpus files peak under 40); the limit is well under what
 * an 8 MB stack holds for the deepest-per-level constructs (subqueries,
 * CASE, function calls), checked with and without ASan and under valgrind. */
#define MG_SQL_MAX_DEPTH 1000

struct mg_sql;

/* Finds the statements of text (NUL-terminated, the text handed to the
 * parser, s->base bytes into the file) nested deeper than MG_SQL_MAX_DEPTH.
 * Returns NULL when there is none; else a copy of text with each of them
 * blanked out (newlines kept, so offsets and lines stay those of the file),
 * to parse instead of text, and each of them appended to s->errors (with
 * has_error set).  Text the scanner rejects returns NULL: the parser
 * rejects it too, without recursing. */
char *mg_sql_depth_blank(struct mg_sql *s, const char *text);

#endif
