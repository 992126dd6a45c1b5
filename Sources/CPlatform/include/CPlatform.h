#ifndef HEARTH_CPLATFORM_H
#define HEARTH_CPLATFORM_H

#include <stddef.h>
#include <sys/types.h>

#include "QuietCrash.h"
#include "BuildCommit.h"

/// Makes the process non-dumpable (no core file, no ptrace by other users). Returns 0 on success.
int hearth_set_not_dumpable(void);
/// Returns the current PR_GET_DUMPABLE value, or -1.
int hearth_get_dumpable(void);
/// Sets RLIMIT_CORE to 0 (soft and hard). Returns 0 on success.
int hearth_disable_core_dumps(void);
/// Marks a memory range as excluded from core dumps (MADV_DONTDUMP), page-aligned inside.
int hearth_madvise_dontdump(void *address, size_t length);
/// Turns terminal echo off (returns the previous lflag in *saved) or restores it.
int hearth_tty_echo_off(int fd, unsigned int *saved);
int hearth_tty_restore(int fd, unsigned int saved);
/// Opens a secret prompt on terminal `fd`: echo off, and Ctrl-Z safe. On SIGTSTP the terminal is
/// given back as it was (echo on, unread input discarded) and the process stops; on SIGCONT echo
/// goes off again and hearth_secret_prompt_resumed() turns 1 once, so the prompt can be printed
/// again (a read() in progress returns EINTR). Returns 0, or -1 (nothing changed). One at a time.
int hearth_secret_prompt_begin(int fd);
/// 1 once after the prompt was stopped and continued, else 0.
int hearth_secret_prompt_resumed(void);
/// Closes the secret prompt: the previous SIGTSTP/SIGCONT handlers and terminal modes come back.
void hearth_secret_prompt_end(void);
/// Reads from terminal `fd` a key at a time without echo (non-canonical); 0 or -1. Signals from
/// keys (Ctrl-C) still arrive as signals. Ended, modes restored, by hearth_tty_single_key_end.
int hearth_tty_single_key_begin(int fd);
void hearth_tty_single_key_end(void);
/// posix_fadvise(POSIX_FADV_DONTNEED) over the whole file.
int hearth_fadvise_dontneed(int fd);
/// Peer uid of a connected Unix socket (SO_PEERCRED). Returns 0 on success.
int hearth_peer_uid(int fd, uid_t *uid);
/// Peer uid and pid of a connected Unix socket (SO_PEERCRED). Returns 0 on success.
int hearth_peer_credentials(int fd, uid_t *uid, pid_t *pid);
/// Sets the parent-death signal so a child dies with its parent.
int hearth_set_parent_death_signal(int signal);

/// 1 when `path` is on a memory-only file system (tmpfs or ramfs), 0 when not, -1 on error.
int hearth_is_memory_filesystem(const char *path);

/// Makes SQLite allocate through a wrapper that zeroes every block when it is freed or moved,
/// so freed database pages (plaintext) do not linger in the heap, and turns SQLite's allocation
/// statistics off (unused; they cost a mutex per allocation). Must run before SQLite is
/// first used; returns 0 (SQLITE_OK) on success, non-zero when SQLite was already initialised.
int hearth_sqlite_use_zeroing_allocator(void);

/// Catches the `count` signals in `signals`: each delivery records the signal and writes its
/// number as one byte to a non-blocking, close-on-exec pipe. Returns the pipe's read end, or -1.
/// Handlers do not restart interrupted calls (so a blocking wait returns EINTR); the signals are
/// unblocked in the calling thread. One set at a time.
int hearth_signals_catch(const int *signals, int count);
/// Restores the handlers that hearth_signals_catch replaced and closes its pipe.
void hearth_signals_release(void);

/// Adds "close every descriptor from `lowest` up" to posix_spawn file actions (glibc 2.34+).
int hearth_spawn_close_from(void *file_actions, int lowest);
/// Closes every descriptor from `lowest` up in this process.
void hearth_close_from(int lowest);
/// accept4(fd, NULL, NULL, SOCK_CLOEXEC).
int hearth_accept_cloexec(int fd);
/// pipe2(fds, O_CLOEXEC).
int hearth_pipe_cloexec(int fds[2]);
/// Seconds since boot, counting time spent suspended (CLOCK_BOOTTIME).
double hearth_boot_seconds(void);
/// Seconds on CLOCK_MONOTONIC, which stops while the machine is suspended: the boot-time clock
/// running ahead of it means the machine slept.
double hearth_monotonic_seconds(void);

/// Switches on SQLite's defensive mode and switches off trusted schema for one connection, so a
/// crafted database image cannot use schema tricks (triggers, views calling functions) or
/// writable_schema to corrupt memory. `db` is a `sqlite3 *`. Returns 0 on success.
int hearth_sqlite_harden(void *db);

/// Registers the FTS5 ranking function `hearth_rank(idf...)` on one connection (`sqlite3 *`):
/// BM25 with each phrase's inverse document frequency given by the caller. Returns 0 on success.
int hearth_sqlite_register_rank(void *db);

/// Registers the FTS5 function `hearth_snippet(open, close, ellipsis, tokens)` on one connection
/// (`sqlite3 *`): the snippet FTS5's snippet() would give (column 0), found with work that does
/// not grow faster than the text, made of pieces of bounded length. Returns 0 on success.
int hearth_sqlite_register_snippet(void *db);
/// How many words of the text the last hearth_snippet call on this thread split (for tests: a
/// snippet near the start of a long text reads only the start).
long long hearth_snippet_tokens_read(void);
/// How many hearth_snippet calls this thread has made (for tests: snippets are made only for
/// the results shown).
long long hearth_snippet_calls(void);

/// The width in columns of the terminal on `fd` (TIOCGWINSZ), or 0 when it is not a terminal or
/// does not say (ioctl is variadic, so Swift cannot call it).
int hearth_terminal_columns(int fd);
/// While a progress line is on stderr: Ctrl-C, Ctrl-\, a hang-up or `kill` (those left at their
/// default) first erase the line, then end the process as they would have. 0, or -1 when taken.
int hearth_progress_signals_begin(void);
/// Nonzero: the terminal takes no escape sequences (`TERM=dumb`, `NO_COLOR`), so a signal ends
/// the progress line with a line break instead of erasing it.
void hearth_progress_signals_plain(int plain);
/// The line is gone: gives those signals back to their default (only where the handler is still
/// this one), unless a stop note still wants them.
void hearth_progress_signals_end(void);
/// Gives those signals back whatever wants them: hearth_signals_catch and
/// hearth_secret_prompt_begin call it first, so that the handlers they save and later restore are
/// never this one. hearth_progress_signals_rearm takes them again for a stop note still set.
void hearth_progress_signals_drop(void);
void hearth_progress_signals_rearm(void);
/// Until hearth_stop_note_clear: Ctrl-C, Ctrl-\, a hang-up or `kill` (those left at their
/// default) write `before` on stderr while the file at `path` is the one it is now (same device
/// and inode, or still absent), else `after`, then end the process as they would have; the same
/// at a secret prompt. `removing` (or NULL): a file unlinked first, one that must not outlive the
/// process (a new vault that a recovery key not yet confirmed opens). 0, or -1.
int hearth_stop_note_set(const char *path, const char *before, const char *after, const char *removing);
void hearth_stop_note_clear(void);

#endif
