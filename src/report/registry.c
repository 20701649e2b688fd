/* registry.c - output formats by name. */
#include "config.h"
#include "report.h"

#include <string.h>

static const struct {
	const char *name;
	mg_reporter fn;
} formats[] = {
	{ "text", mg_report_text },
	{ "json", mg_report_json },
	{ "sarif", mg_report_sarif },
	{ "github", mg_report_github },
	{ "gitlab", mg_report_gitlab },
};

mg_reporter mg_report_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name))
			return formats[i].fn;
	return NULL;
}

const char *mg_report_names(void)
{
	return "text|json|sarif|github|gitlab";
}
