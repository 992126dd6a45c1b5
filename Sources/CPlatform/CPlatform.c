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
#include <sys/socket.h>
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
