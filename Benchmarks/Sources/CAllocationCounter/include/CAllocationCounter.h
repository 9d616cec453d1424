#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

// Counts heap allocations made by this process while counting is on. Linked into an executable, this target's
// malloc, calloc, realloc, aligned_alloc, memalign and posix_memalign take the place of glibc's (the executable's
// definitions come first in symbol lookup) and forward to glibc's own `__libc_*` entry points, so the count covers
// Swift, libsodium and libcrypto alike. Only for the Ratios executable: a benchmark built with ordo-one/benchmark
// counts through its own malloc interposer instead.

#include <stdint.h>

/// Starts counting from zero.
void CAllocationCounter_start(void);

/// Stops counting and returns the number of allocations since `CAllocationCounter_start`.
int64_t CAllocationCounter_stop(void);

#endif
