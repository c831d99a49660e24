#pragma once
#include <seccomp.h>

// SCMP_ACT_ERRNO is a function-like macro, which Swift cannot call.
static inline uint32_t signet_seccomp_errno(uint16_t error) { return SCMP_ACT_ERRNO(error); }
