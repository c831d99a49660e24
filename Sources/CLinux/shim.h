#pragma once
// GNU extensions of glibc that Glibc's Swift module, compiled without _GNU_SOURCE, leaves out:
// per-thread CPU affinity and closing inherited descriptors in a spawned child.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>

// From <spawn.h>, which cannot be included again here without clashing with Glibc's module;
// `actions` is a posix_spawn_file_actions_t *.
extern int posix_spawn_file_actions_addclosefrom_np(void *actions, int from);
