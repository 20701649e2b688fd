/* fingerprint.c - stable finding fingerprints (baseline, GitLab, SARIF). */
#include "config.h"
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void mg_fingerprint(const char *const *parts, size_t n, char out[33])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : "");
		for (;; p++) {
			h1 = (h1 ^ *p) * 0x100000001b3ULL;
			h2 = (h2 ^ *p) * 0x100000001b3ULL;
			h2 ^= h2 >> 29;
			if (!*p)
				break;
		}
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}
