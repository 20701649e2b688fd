/* fuzz.h - shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput().  Built with clang
 * -fsanitize=fuzzer by `make fuzz-smoke`; built with any compiler together
 * with driver.c as a plain check program that replays the seed corpus and
 * the regression inputs (tests/fuzz/regressions/<target>/) in `make check`. */
#ifndef MG_FUZZ_H
#define MG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Renders r in every output format (mg_report_names()) into memory and
 * abort()s when a reporter fails or any output holds a raw control
 * character (C0 but newline and tab, DEL, or a UTF-8 encoded C1). */
void mg_fuzz_render_all(const mg_result *r);

#endif
