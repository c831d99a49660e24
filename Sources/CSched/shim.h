#pragma once
// sched_getaffinity and sched_setaffinity are GNU extensions: Glibc's Swift module, compiled
// without _GNU_SOURCE, leaves them out.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
