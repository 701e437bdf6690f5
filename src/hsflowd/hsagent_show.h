/* hsagent_show: the agent's report for operators (the control socket's
 * `hsflowd/show`).
 *
 * Ownership: reads the agent only. */
#ifndef HSAGENT_SHOW_H
#define HSAGENT_SHOW_H 1

#include <stdio.h>

struct hsagent;

/* Writes, for an operator (`hsflowd/show`): the agent address, the settings
 * and where they came from, each collector with what was sent to it, each
 * data source with its last poll, and the VM and sampling modules. */
void hsagent_show(const struct hsagent *a, FILE *out, long long now);

#endif
