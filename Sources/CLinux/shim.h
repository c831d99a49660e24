#pragma once
// GNU extensions of glibc that Glibc's Swift module, compiled without _GNU_SOURCE, leaves out:
// per-thread CPU affinity and closing inherited descriptors in a spawned child; and the Linux
// calls of a worker's sandbox (no_new_privs, Landlock), which glibc does not wrap.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// From <spawn.h>, which cannot be included again here without clashing with Glibc's module;
// `actions` is a posix_spawn_file_actions_t *.
extern int posix_spawn_file_actions_addclosefrom_np(void *actions, int from);

// prctl is variadic, which Swift cannot call. After this, exec can never grant privileges
// (set-uid bits, file capabilities): required before Landlock or seccomp confine an
// unprivileged process.
static inline int signet_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

// Landlock (linux/landlock.h; Debian 12's copy predates ABI 4, so the ruleset attribute is
// declared here in its current form). Each field is used only when the kernel's ABI knows it:
// `signet_landlock_create` passes the size that ABI expects.
struct signet_landlock_ruleset_attr {
    uint64_t handled_access_fs;   // ABI 1
    uint64_t handled_access_net;  // ABI 4
    uint64_t scoped;              // ABI 6
};

struct __attribute__((packed)) signet_landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
};

// The kernel's Landlock ABI version; 0 (with errno) when Landlock is missing or disabled.
static inline int signet_landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* LANDLOCK_CREATE_RULESET_VERSION */);
    return abi < 0 ? 0 : (int)abi;
}

// A new ruleset's descriptor, or -1.
static inline int signet_landlock_create(uint64_t handled_fs, uint64_t scoped, int abi) {
    struct signet_landlock_ruleset_attr attr = {handled_fs, 0, scoped};
    size_t size = abi >= 6 ? sizeof attr : sizeof attr.handled_access_fs;
    return (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
}

// A descriptor naming `path` without opening it for reading (O_PATH is a GNU flag), for a rule.
static inline int signet_open_path(const char *path) { return open(path, O_PATH | O_CLOEXEC); }

// Allows `access` beneath the file or folder open as `fd` (opened with O_PATH).
static inline int signet_landlock_allow(int ruleset, int fd, uint64_t access) {
    struct signet_landlock_path_beneath_attr rule = {access, fd};
    return (int)syscall(SYS_landlock_add_rule, ruleset, 1 /* LANDLOCK_RULE_PATH_BENEATH */, &rule, 0);
}

// Confines the calling thread, and every thread and process it starts afterwards.
static inline int signet_landlock_restrict(int ruleset) { return (int)syscall(SYS_landlock_restrict_self, ruleset, 0); }
