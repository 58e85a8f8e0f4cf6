#ifndef RAPPORT_CPREFETCH_H
#define RAPPORT_CPREFETCH_H

/// Asks the processor to bring the cache line at `address` in ahead of a write to it.
/// A hint only: it never faults, whatever the address, and changes no result.
static inline void rapport_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
