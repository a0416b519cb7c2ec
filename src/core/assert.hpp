#pragma once

// Programmer errors: a broken invariant, never reachable from user input.
// Active in debug and sanitizer builds; compiled out with NDEBUG.
#ifdef NDEBUG
#define REDRESS_ASSERT(cond, why) ((void)0)
#else
#include <cstdio>
#include <cstdlib>
#define REDRESS_ASSERT(cond, why)                                                              \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            std::fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__, __LINE__, #cond, \
                         why);                                                                 \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)
#endif
