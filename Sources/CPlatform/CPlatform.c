#define _GNU_SOURCE
#include "CPlatform.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
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
