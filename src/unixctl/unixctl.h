/* unixctl: a control socket that speaks Open vSwitch's unixctl protocol, so
 * that the stock `ovs-appctl -t PATH COMMAND [ARG...]` talks to our daemons.
 *
 * Wire format (JSON-RPC 1.0 over a Unix stream socket, no framing other than
 * the JSON values themselves):
 *   request  {"method":"COMMAND","params":["ARG",...],"id":ID}
 *   success  {"result":"TEXT","error":null,"id":ID}
 *   failure  {"result":null,"error":"TEXT","id":ID}
 * A non-empty TEXT always ends in a newline.
 *
 * Every client is hostile: a request larger than UNIXCTL_MAX_REQUEST, bytes
 * that are not a JSON-RPC request, or a client that makes no progress for
 * UNIXCTL_IDLE_MS (sends half a request, or never reads its reply) is
 * dropped; at most UNIXCTL_MAX_CONNS clients at once. Nothing blocks: the
 * server is a run/wait module of the poll loop.
 *
 * Built-in commands: list-commands (and its old name help), version and
 * vlog/list, vlog/set. The daemon registers the rest (exit, NAME/show, ...).
 *
 * Ownership: the server owns its socket, its clients and its copies of the
 * command names; unixctl_server_destroy() closes them and removes the socket
 * file. Callbacks' AUX pointers stay the caller's. */
#ifndef UNIXCTL_UNIXCTL_H
#define UNIXCTL_UNIXCTL_H 1

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

struct poll_loop;

#define UNIXCTL_MAX_REQUEST (64 * 1024)
#define UNIXCTL_MAX_REPLY (4 * 1024 * 1024)
#define UNIXCTL_MAX_CONNS 16
#define UNIXCTL_IDLE_MS 5000

/* A command: ARGV[0] is the command name, ARGV[1..ARGC-1] its arguments.
 * Sets *REPLY to a malloc'd text (or leaves it NULL for an empty one) and
 * returns true for success, false for an error reply. */
typedef bool unixctl_cb(int argc, const char *argv[], void *aux, char **reply);

struct unixctl_server;

/* Listens on PATH (an existing socket file there is replaced), mode 0700.
 * PROGRAM and VERSION make the `version` reply. Returns NULL and sets *ERR
 * (malloc'd) on failure. */
struct unixctl_server *unixctl_server_create(const char *path, const char *program,
                                             const char *version, char **err);
void unixctl_server_destroy(struct unixctl_server *s);

/* Adds a command taking MIN_ARGS..MAX_ARGS arguments; USAGE is shown by
 * list-commands. NAME and USAGE are copied. */
void unixctl_command_register(struct unixctl_server *s, const char *name, const char *usage,
                              int min_args, int max_args, unixctl_cb *cb, void *aux);

/* A command without arguments that writes its reply to OUT and returns true
 * for success, false for an error reply. */
typedef bool unixctl_print_cb(void *aux, FILE *out);
void unixctl_command_register_print(struct unixctl_server *s, const char *name,
                                    unixctl_print_cb *print, void *aux);

void unixctl_server_run(struct unixctl_server *s, long long now);
void unixctl_server_wait(struct unixctl_server *s, struct poll_loop *loop);

/* Clients connected now (for tests and `show`). */
size_t unixctl_server_n_conns(const struct unixctl_server *s);

/* The socket path a daemon uses when --unixctl is not given: RUNDIR/NAME.ctl,
 * RUNDIR being $HSFLOWD_RUNDIR when set (as OVS_RUNDIR is for Open vSwitch),
 * else the configured run directory. Malloc'd. */
char *unixctl_default_path(const char *name);

/* A daemon's control socket: listens on PATH, or on
 * unixctl_default_path(PROGRAM) when PATH is NULL, and answers "exit" by
 * setting *EXIT_ASKED. On failure logs why ("...; running without a control
 * socket") and returns NULL: a daemon runs on without one. */
struct unixctl_server *unixctl_server_open_daemon(const char *path, const char *program,
                                                  const char *version, bool *exit_asked);

#endif
