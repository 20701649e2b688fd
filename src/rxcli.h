/* rxcli.h - the rule packs for `migguard rules` and `migguard explain`. */
#ifndef MG_RXCLI_H
#define MG_RXCLI_H

#include <stdio.h>

#include "regex.h"

/* Loads into s (initialised by the caller) the packs a check in the current
 * directory would load: the built-in ones, migguard.rulesDir from the
 * configuration (of the repository found from the current directory, if
 * any), and cli_dir (--rules DIR, or NULL).  Returns 0, or -1 with *err. */
int mg_rx_load_cli(mg_rxset *s, const char *cli_dir, char **err);

/* Prints one pack rule for `migguard explain`. */
void mg_rx_explain(FILE *out, const mg_rx_rule *r);

#endif
