#define _GNU_SOURCE
#include "QuietCrash.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

// The handler may run on a smashed stack (a stack overflow), so it gets its own.
static char quiet_crash_stack[64 * 1024];

// Fixed text only: nothing from memory, no formatting (not async-signal-safe).
static const char quiet_crash_line[] =
    "\nHearth stopped unexpectedly. Your vault is as it was after its last save. Please run the command "
    "again; if it stops again, please report it (without any record text).\n";

static void quiet_crash(int signal_number) {
    ssize_t ignored = write(STDERR_FILENO, quiet_crash_line, sizeof quiet_crash_line - 1);
    (void)ignored;
    _exit(128 + signal_number);
}

int hearth_quiet_crashes(void) {
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = quiet_crash_stack;
    stack.ss_size = sizeof quiet_crash_stack;
    int result = sigaltstack(&stack, NULL) == 0 ? 0 : -1;

    static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = quiet_crash;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigfillset(&action.sa_mask);
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        if (sigaction(fatal[i], &action, NULL) != 0) result = -1;
    }
    // Ctrl-\ (SIGQUIT) is no crash, but the Swift runtime takes it for its backtracer, which
    // prints registers and memory (to the terminal, or to a file SWIFT_BACKTRACE names). Back to
    // its default action (end the process; core dumps are off), unless it was ignored: then the
    // progress line and the stop notes can take it like Ctrl-C.
    struct sigaction quit;
    if (sigaction(SIGQUIT, NULL, &quit) == 0 && quit.sa_handler != SIG_IGN) {
        struct sigaction fallback;
        memset(&fallback, 0, sizeof fallback);
        fallback.sa_handler = SIG_DFL;
        sigemptyset(&fallback.sa_mask);
        if (sigaction(SIGQUIT, &fallback, NULL) != 0) result = -1;
    }
    return result;
}
