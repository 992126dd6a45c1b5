#define _GNU_SOURCE
#include "CPlatform.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <termios.h>
#include <unistd.h>

int hearth_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

int hearth_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

int hearth_disable_core_dumps(void) {
    struct rlimit limit = {0, 0};
    return setrlimit(RLIMIT_CORE, &limit);
}

int hearth_madvise_dontdump(void *address, size_t length) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || address == NULL || length == 0) return 0;
    uintptr_t start = ((uintptr_t)address + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)address + length) & ~((uintptr_t)page - 1);
    if (end <= start) return 0;
    return madvise((void *)start, end - start, MADV_DONTDUMP);
}

int hearth_tty_echo_off(int fd, unsigned int *saved) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    *saved = (unsigned int)t.c_lflag;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    return tcsetattr(fd, TCSAFLUSH, &t);
}

int hearth_tty_restore(int fd, unsigned int saved) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    t.c_lflag = (tcflag_t)saved;
    return tcsetattr(fd, TCSAFLUSH, &t);
}

int hearth_fadvise_dontneed(int fd) { return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); }

int hearth_peer_uid(int fd, uid_t *uid) {
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *uid = cred.uid;
    return 0;
}

int hearth_peer_credentials(int fd, uid_t *uid, pid_t *pid) {
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
    *uid = cred.uid;
    *pid = cred.pid;
    return 0;
}

int hearth_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }

int hearth_is_memory_filesystem(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (info.f_type == 0x01021994 /* TMPFS_MAGIC */ || info.f_type == (typeof(info.f_type))0x858458f6 /* RAMFS_MAGIC */) ? 1 : 0;
}

/* A 16-byte prefix holds the block size (and keeps 16-byte alignment). */
#define HEARTH_PREFIX 16

static void *zeroing_malloc(int n) {
    if (n <= 0) return NULL;
    unsigned char *p = malloc((size_t)n + HEARTH_PREFIX);
    if (p == NULL) return NULL;
    *(size_t *)p = (size_t)n;
    return p + HEARTH_PREFIX;
}

static int zeroing_size(void *q) {
    if (q == NULL) return 0;
    return (int)*(size_t *)((unsigned char *)q - HEARTH_PREFIX);
}

static void zeroing_free(void *q) {
    if (q == NULL) return;
    unsigned char *p = (unsigned char *)q - HEARTH_PREFIX;
    explicit_bzero(q, *(size_t *)p);
    free(p);
}

static void *zeroing_realloc(void *q, int n) {
    if (q == NULL) return zeroing_malloc(n);
    if (n <= 0) { zeroing_free(q); return NULL; }
    void *r = zeroing_malloc(n);
    if (r == NULL) return NULL;
    int old = zeroing_size(q);
    memcpy(r, q, (size_t)(old < n ? old : n));
    zeroing_free(q);
    return r;
}

static int zeroing_roundup(int n) { return (n + 15) & ~15; }
static int zeroing_init(void *unused) { (void)unused; return SQLITE_OK; }
static void zeroing_shutdown(void *unused) { (void)unused; }

int hearth_sqlite_use_zeroing_allocator(void) {
    static const sqlite3_mem_methods methods = {
        zeroing_malloc, zeroing_free, zeroing_realloc, zeroing_size,
        zeroing_roundup, zeroing_init, zeroing_shutdown, NULL,
    };
    // No allocation statistics: with them on, every allocation and free takes a global mutex and
    // updates counters that Hearth never reads (about 5% of an import's time).
    int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

// Signal catching through a self-pipe: the handler only does async-signal-safe work.
#define HEARTH_MAX_CAUGHT 8
static int caught_pipe[2] = {-1, -1};
static int caught_signals[HEARTH_MAX_CAUGHT];
static struct sigaction caught_previous[HEARTH_MAX_CAUGHT];
static int caught_count = 0;

static void hearth_signal_handler(int signal) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal;
    if (caught_pipe[1] >= 0) (void)!write(caught_pipe[1], &byte, 1);
    errno = saved;
}

int hearth_signals_catch(const int *signals, int count) {
    hearth_progress_signals_drop();
    if (caught_count != 0 || count <= 0 || count > HEARTH_MAX_CAUGHT) return -1;
    if (pipe2(caught_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = hearth_signal_handler;
    sigfillset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocking wait is interrupted
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int i = 0; i < count; i++) {
        caught_signals[i] = signals[i];
        sigaction(signals[i], &action, &caught_previous[i]);
        sigaddset(&unblock, signals[i]);
        caught_count = i + 1;
    }
    // A parent may have started us with these signals blocked (the mask survives exec):
    // then they would wait, undelivered, and the cleanup they should trigger would never run.
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    return caught_pipe[0];
}

void hearth_signals_release(void) {
    for (int i = 0; i < caught_count; i++) sigaction(caught_signals[i], &caught_previous[i], NULL);
    caught_count = 0;
    if (caught_pipe[0] >= 0) close(caught_pipe[0]);
    if (caught_pipe[1] >= 0) close(caught_pipe[1]);
    caught_pipe[0] = caught_pipe[1] = -1;
    hearth_progress_signals_rearm();
}

int hearth_spawn_close_from(void *file_actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)file_actions, lowest);
}

void hearth_close_from(int lowest) { closefrom(lowest); }

int hearth_accept_cloexec(int fd) { return accept4(fd, NULL, NULL, SOCK_CLOEXEC); }

int hearth_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

double hearth_boot_seconds(void) {
    struct timespec now;
    if (clock_gettime(CLOCK_BOOTTIME, &now) != 0) clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double hearth_monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int hearth_sqlite_harden(void *db) {
    int rc = sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
}

// ---- Search ranking -------------------------------------------------------------------------
//
// hearth_rank(idf_0, idf_1, ...): Okapi BM25 as FTS5's own bm25() computes it (k1 = 1.2,
// b = 0.75, one column), except that each phrase's inverse document frequency is given by the
// caller instead of being counted here. FTS5's bm25() counts, for every phrase, the rows that
// contain it in the *whole* table, which costs a full walk of that phrase's doclist on every
// search (tens of milliseconds for a phrase of common words in a large vault). The caller
// estimates it from a sample of recent records instead. A phrase without a given value weighs 1.

static void hearth_rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result,
                                 int argumentCount, sqlite3_value **arguments) {
    const double k1 = 1.2, b = 0.75;
    int phraseCount = api->xPhraseCount(fts);
    if (phraseCount <= 0) { sqlite3_result_double(result, 0.0); return; }
    double *frequency = sqlite3_malloc64(sizeof(double) * (sqlite3_uint64)phraseCount);
    if (frequency == NULL) { sqlite3_result_error_nomem(result); return; }
    memset(frequency, 0, sizeof(double) * (size_t)phraseCount);

    sqlite3_int64 rowCount = 0, totalTokens = 0;
    int rowTokens = 0, instanceCount = 0;
    int rc = api->xRowCount(fts, &rowCount);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &totalTokens);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &rowTokens);
    if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instanceCount);
    for (int i = 0; rc == SQLITE_OK && i < instanceCount; i++) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < phraseCount) frequency[phrase] += 1.0;
    }
    if (rc != SQLITE_OK) {
        sqlite3_free(frequency);
        sqlite3_result_error_code(result, rc);
        return;
    }
    double averageTokens = rowCount > 0 ? (double)totalTokens / (double)rowCount : 1.0;
    if (averageTokens <= 0) averageTokens = 1.0;
    double lengthNorm = k1 * (1.0 - b + b * (double)rowTokens / averageTokens);
    double score = 0.0;
    for (int i = 0; i < phraseCount; i++) {
        double idf = 1.0;
        if (i < argumentCount) {
            int type = sqlite3_value_numeric_type(arguments[i]);
            if (type == SQLITE_FLOAT || type == SQLITE_INTEGER) idf = sqlite3_value_double(arguments[i]);
        }
        score += idf * (frequency[i] * (k1 + 1.0)) / (frequency[i] + lengthNorm);
    }
    sqlite3_free(frequency);
    // Negative, like bm25(): ascending order puts the best match first.
    sqlite3_result_double(result, -score);
}

/// Registers an FTS5 auxiliary function on `db` (shared by hearth_rank and hearth_snippet).
int hearth_fts5_register_function(void *db, const char *name, fts5_extension_function function) {
    fts5_api *fts = NULL;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2((sqlite3 *)db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)&fts, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    rc = sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;
    if (fts == NULL || fts->iVersion < 2) return SQLITE_ERROR;
    return fts->xCreateFunction(fts, name, NULL, function, NULL);
}

int hearth_sqlite_register_rank(void *db) {
    return hearth_fts5_register_function(db, "hearth_rank", hearth_rank_function);
}

// ---- Secret prompts that survive Ctrl-Z ------------------------------------------------------
// While a secret prompt is open, SIGTSTP gives the terminal back as it was (echo on, typed but
// unread input discarded, so the shell never reads half a passphrase) and then stops for real;
// SIGCONT turns echo off again and raises a flag so the reader prints the prompt again. The
// handlers use only async-signal-safe calls (tcgetattr, tcsetattr, sigaction, sigprocmask, raise).
static volatile sig_atomic_t secret_fd = -1;
static volatile sig_atomic_t secret_resumed = 0;
static struct termios secret_saved;
static struct sigaction secret_previous_tstp, secret_previous_cont;
static sigset_t secret_previous_mask;

static void secret_echo_off(int fd) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    (void)tcsetattr(fd, TCSAFLUSH, &t);
}

static void secret_continue_handler(int signal) {
    (void)signal;
    int saved = errno;
    int fd = secret_fd;
    if (fd >= 0) {
        secret_echo_off(fd);
        secret_resumed = 1;
    }
    errno = saved;
}

static void secret_stop_handler(int signal) {
    int saved = errno;
    int fd = secret_fd;
    if (fd >= 0) {
        (void)tcsetattr(fd, TCSAFLUSH, &secret_saved);
        (void)!write(fd, "\n", 1);
    }
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof(stop));
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(signal, &stop, &ours);
    sigset_t only, previous;
    sigemptyset(&only);
    sigaddset(&only, signal);
    raise(signal);
    sigprocmask(SIG_UNBLOCK, &only, &previous);  // the stop happens here; SIGCONT returns from it
    sigprocmask(SIG_SETMASK, &previous, NULL);
    sigaction(signal, &ours, NULL);
    if (fd >= 0) {
        secret_echo_off(fd);
        secret_resumed = 1;
    }
    errno = saved;
}

// Ctrl-C, Ctrl-\, a hang-up or `kill` at the prompt would otherwise end the process with echo
// still off (a shell without job control does not restore it): the terminal is restored first,
// then the signal does what it would have done. Only signals left at their default are taken.
static const int secret_ending_signals[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
#define SECRET_ENDING_COUNT (sizeof(secret_ending_signals) / sizeof(secret_ending_signals[0]))
static struct sigaction secret_previous_ending[SECRET_ENDING_COUNT];
static int secret_took_ending[SECRET_ENDING_COUNT];

/// Ends the process as `signal` would have at its default action, from inside its handler
/// (async-signal-safe: sigaction, raise, sigprocmask).
static void end_as_default(int signal) {
    struct sigaction fallback;
    memset(&fallback, 0, sizeof(fallback));
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    raise(signal);
    sigprocmask(SIG_UNBLOCK, &only, NULL);  // the process ends here
}

static void stop_note_say(void);

static void secret_ending_handler(int signal) {
    int fd = secret_fd;
    if (fd >= 0) {
        (void)tcsetattr(fd, TCSAFLUSH, &secret_saved);
        (void)!write(fd, "\n", 1);
    }
    stop_note_say();
    end_as_default(signal);
}

int hearth_secret_prompt_begin(int fd) {
    hearth_progress_signals_drop();
    if (secret_fd >= 0) return -1;
    if (tcgetattr(fd, &secret_saved) != 0) return -1;
    struct termios quiet = secret_saved;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    secret_resumed = 0;
    secret_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    sigfillset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: the reader's read() returns EINTR and re-prompts
    action.sa_handler = secret_stop_handler;
    sigaction(SIGTSTP, &action, &secret_previous_tstp);
    action.sa_handler = secret_continue_handler;
    sigaction(SIGCONT, &action, &secret_previous_cont);
    action.sa_handler = secret_ending_handler;
    for (size_t i = 0; i < SECRET_ENDING_COUNT; i++) {
        secret_took_ending[i] = 0;
        if (sigaction(secret_ending_signals[i], NULL, &secret_previous_ending[i]) != 0) continue;
        if (secret_previous_ending[i].sa_handler != SIG_DFL || (secret_previous_ending[i].sa_flags & SA_SIGINFO)) continue;
        if (sigaction(secret_ending_signals[i], &action, NULL) == 0) secret_took_ending[i] = 1;
    }
    // A parent may have started us with these blocked (the mask survives exec): Ctrl-Z would
    // then wait, pending, and stop the process later, outside the prompt.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigaddset(&unblock, SIGCONT);
    pthread_sigmask(SIG_UNBLOCK, &unblock, &secret_previous_mask);
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
        hearth_secret_prompt_end();
        return -1;
    }
    return 0;
}

int hearth_secret_prompt_resumed(void) {
    int was = secret_resumed;
    secret_resumed = 0;
    return was;
}

void hearth_secret_prompt_end(void) {
    int fd = secret_fd;
    if (fd < 0) return;
    // First the handlers stop touching the terminal (a Ctrl-Z now must not turn echo off again
    // after it was restored), then the terminal, then the previous handlers and mask.
    secret_fd = -1;
    (void)tcsetattr(fd, TCSAFLUSH, &secret_saved);
    sigaction(SIGTSTP, &secret_previous_tstp, NULL);
    sigaction(SIGCONT, &secret_previous_cont, NULL);
    for (size_t i = 0; i < SECRET_ENDING_COUNT; i++) {
        if (secret_took_ending[i]) sigaction(secret_ending_signals[i], &secret_previous_ending[i], NULL);
        secret_took_ending[i] = 0;
    }
    pthread_sigmask(SIG_SETMASK, &secret_previous_mask, NULL);
    secret_resumed = 0;
    hearth_progress_signals_rearm();
}

// ---- One key, no echo --------------------------------------------------------------------------
static struct termios key_saved;
static int key_fd = -1;

int hearth_tty_single_key_begin(int fd) {
    if (key_fd >= 0) return -1;
    if (tcgetattr(fd, &key_saved) != 0) return -1;
    struct termios t = key_saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHOE | ECHOK | ECHONL);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &t) != 0) return -1;
    key_fd = fd;
    return 0;
}

void hearth_tty_single_key_end(void) {
    if (key_fd < 0) return;
    (void)tcsetattr(key_fd, TCSAFLUSH, &key_saved);
    key_fd = -1;
}

int hearth_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

// ---- A progress line that never outlives the process -----------------------------------------
// The line is drawn with "\r" and no newline: a signal that ends the process at its default would
// leave it half-drawn before the shell's prompt. Only async-signal-safe calls (write, stat,
// sigaction, raise, sigprocmask).
//
// A stop note says, at that moment, what such a signal leaves behind during work that cannot stop
// halfway (a rekey, a restore): one text while the watched file is still the one it was when the
// note was set, another once it was replaced (a save renames a new file over it, so the file's
// identity tells, at any instant, whether the save happened).
static const int progress_signals[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
#define PROGRESS_SIGNAL_COUNT (sizeof(progress_signals) / sizeof(progress_signals[0]))
static int progress_took[PROGRESS_SIGNAL_COUNT];
static int progress_active = 0;
static volatile sig_atomic_t progress_line_shown = 0;
static volatile sig_atomic_t progress_plain = 0;
static volatile sig_atomic_t stop_note_set = 0;
static char *stop_path = NULL, *stop_before = NULL, *stop_after = NULL, *stop_removing = NULL;
static int stop_existed = 0;
static dev_t stop_dev;
static ino_t stop_ino;

static void write_text(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t n = write(STDERR_FILENO, text, length);
        if (n <= 0) return;
        text += n;
        length -= (size_t)n;
    }
}

/// What a signal that ends the process leaves, said (and a file that must not outlive the
/// process removed) while a stop note is set; called by every handler that ends it.
static void stop_note_say(void) {
    if (!stop_note_set) return;
    if (stop_removing != NULL) unlink(stop_removing);
    struct stat now;
    int exists = stat(stop_path, &now) == 0;
    int replaced = exists != stop_existed || (exists && (now.st_dev != stop_dev || now.st_ino != stop_ino));
    write_text(replaced ? stop_after : stop_before);
    write_text("\n");
}

static void progress_ending_handler(int signal) {
    if (progress_line_shown) write_text(progress_plain ? "\n" : "\r\033[K");
    stop_note_say();
    end_as_default(signal);
}

static void progress_install(void) {
    if (progress_active) return;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = progress_ending_handler;
    sigfillset(&action.sa_mask);
    for (size_t i = 0; i < PROGRESS_SIGNAL_COUNT; i++) {
        struct sigaction current;
        progress_took[i] = 0;
        if (sigaction(progress_signals[i], NULL, &current) != 0) continue;
        if (current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO)) continue;
        if (sigaction(progress_signals[i], &action, NULL) == 0) progress_took[i] = 1;
    }
    progress_active = 1;
}

static void progress_uninstall(void) {
    if (!progress_active) return;
    struct sigaction fallback;
    memset(&fallback, 0, sizeof(fallback));
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    for (size_t i = 0; i < PROGRESS_SIGNAL_COUNT; i++) {
        if (!progress_took[i]) continue;
        struct sigaction current;
        if (sigaction(progress_signals[i], NULL, &current) == 0 && current.sa_handler == progress_ending_handler) {
            sigaction(progress_signals[i], &fallback, NULL);
        }
        progress_took[i] = 0;
    }
    progress_active = 0;
}

void hearth_progress_signals_plain(int plain) { progress_plain = plain ? 1 : 0; }

int hearth_progress_signals_begin(void) {
    progress_line_shown = 1;
    if (progress_active) return -1;
    progress_install();
    return 0;
}

void hearth_progress_signals_end(void) {
    progress_line_shown = 0;
    if (!stop_note_set) progress_uninstall();
}

void hearth_progress_signals_drop(void) {
    progress_line_shown = 0;
    progress_uninstall();
}

void hearth_progress_signals_rearm(void) {
    if (stop_note_set) progress_install();
}

int hearth_stop_note_set(const char *path, const char *before, const char *after, const char *removing) {
    hearth_stop_note_clear();
    char *p = strdup(path), *b = strdup(before), *a = strdup(after);
    char *r = removing != NULL ? strdup(removing) : NULL;
    if (p == NULL || b == NULL || a == NULL || (removing != NULL && r == NULL)) {
        free(p);
        free(b);
        free(a);
        free(r);
        return -1;
    }
    struct stat now;
    stop_existed = stat(p, &now) == 0;
    if (stop_existed) {
        stop_dev = now.st_dev;
        stop_ino = now.st_ino;
    }
    // Blocked while the note changes, so a handler never reads half of it.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    stop_path = p;
    stop_before = b;
    stop_after = a;
    stop_removing = r;
    stop_note_set = 1;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    progress_install();
    return 0;
}

void hearth_stop_note_clear(void) {
    if (!stop_note_set) return;
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    stop_note_set = 0;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    // The texts are not freed: blocking signals covers this thread only, and a handler running on
    // another one may still be reading them. A few notes per process is all the memory it costs.
    if (!progress_line_shown) progress_uninstall();
}
