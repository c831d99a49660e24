#pragma once
// The Unix-socket calls of the standby engine (SignetWorkers' `StandbyEngine` and `StandbyHost`)
// that Swift cannot make itself: passing descriptors (SCM_RIGHTS, whose CMSG_* macros Swift
// cannot import), the peer's credentials (struct ucred is a GNU extension), a detached spawn
// (POSIX_SPAWN_SETSID, GNU too) and SIGCHLD as a descriptor. Only plain C types cross here, so
// this header clashes with nothing in Glibc's module.
#include <stddef.h>
#include <sys/types.h>

/// A listening stream socket bound at `path` (a stale socket file there is replaced), readable
/// and writable by its owner only; -1 with errno on failure.
int signet_standby_listen(const char *path);

/// A stream socket connected to `path`; -1 with errno on failure.
int signet_standby_connect(const char *path);

/// The user id of the process at the other end of a connected Unix socket; -1 on failure.
long signet_standby_peer_uid(int socket);

/// Sends `length` bytes and `count` descriptors in one message; the bytes sent or -1.
long signet_standby_send(int socket, const void *data, size_t length, const int *fds, int count);

/// Receives one message: up to `length` bytes and up to `max` descriptors (close-on-exec),
/// their number in `*count`; the bytes received, 0 at end of stream, or -1.
long signet_standby_receive(int socket, void *data, size_t length, int *fds, int max, int *count);

/// Blocks SIGCHLD (and unblocks every other signal) and returns a descriptor that becomes readable when a child ends; -1 on
/// failure.
int signet_standby_child_signals(void);

/// Drains `signals` (from `signet_standby_child_signals`) without blocking.
void signet_standby_drain_signals(int signals);

/// Unblocks SIGCHLD again (in a forked child, which must not inherit the block).
void signet_standby_unblock_child_signal(void);

/// Starts `path` with `argv` and `envp` in a session of its own (so it outlives the caller's
/// terminal and process group), stdin and stdout on /dev/null, stderr appended to `log`, no
/// other descriptor, no signal blocked; its pid, or -1 with errno.
int signet_standby_spawn(const char *path, char *const argv[], char *const envp[], const char *log);
