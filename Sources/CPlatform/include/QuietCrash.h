#ifndef HEARTH_QUIET_CRASH_H
#define HEARTH_QUIET_CRASH_H

/// Replaces every handler of a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
/// SIGSYS) with one that writes a fixed line to stderr and ends the process with 128 + the
/// signal, on its own stack. This removes the Swift runtime's crash reporter, which prints (or
/// writes to a file, when SWIFT_BACKTRACE asks) 16 bytes of memory for every register: memory
/// that may hold record text. Call first thing in main. Returns 0, or -1 if one could not be set.
int hearth_quiet_crashes(void);

#endif
