/* no_ca_bundle.c - migguard opens no network connection: libgit2 need not
 * parse the system's CA bundle at start-up.
 *
 * libgit2 1.5 as Debian builds it (TLS through mbedtls) loads the whole
 * system CA bundle in git_libgit2_init(): some 140 PEM certificates,
 * base64-decoded and X.509-parsed, 54 million instructions and about 5 ms,
 * which was half of a pre-commit hook's run (`check --staged`, see the
 * README's Speed section).  The file is compiled into libgit2
 * (GIT_DEFAULT_CERT_LOCATION); no option or variable skips it.
 *
 * migguard reads local repositories only: it never fetches, pushes or opens
 * a socket, so it never uses those certificates.  These two definitions,
 * linked into the executable (never into libmigguard.a, see src/perf.am),
 * come before libmbedx509's in the dynamic linker's lookup scope (ELF symbol
 * interposition), load nothing and succeed.  They fail closed: with an empty
 * trust chain any TLS peer would fail certificate verification.  With
 * another TLS backend (OpenSSL, or none) nothing references them.
 * tests/e2e/startup.sh checks that the executable exports them whenever it
 * links libmbedx509. */

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path);

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
