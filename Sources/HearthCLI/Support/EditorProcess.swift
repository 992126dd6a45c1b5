import CPlatform
import Foundation
import HearthDrafts
import HearthMessages
import HearthSession

/// The editor as a process (which one, its flags and environment: `EditorHardening`), started
/// with none of Hearth's files and with default signals, and waited for while hang-ups and
/// termination are passed on to it.
extension PrivateEditor {
    func runEditor() throws -> Int32 {
        let environment = Environment.all
        let (command, hardening) = EditorHardening.editorCommand(environment: environment, folder: folder)
        // `sh -c` so that EDITOR may carry its own arguments ("code --wait"); the file name and
        // hardening flags are passed as positional parameters, never spliced into the string.
        let script = "exec \(command) \"$@\""
        let arguments = ["/bin/sh", "-c", script, "hearth-editor"] + hardening + [file]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The run's own console (a test's files in process; 0, 1 and 2 as they are in the binary).
        let console = Console.descriptors
        for (from, to) in [(console.input, STDIN_FILENO), (console.output, STDOUT_FILENO), (console.error, STDERR_FILENO)]
        where from != to {
            posix_spawn_file_actions_adddup2(&actions, from, to)
        }
        _ = hearth_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in SignalCatcher.termination + [SIGCHLD, SIGPIPE, SIGTSTP] { sigaddset(&defaults, sig) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = EditorHardening.scrubbedEnvironment(environment).map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw CLIFailure(.ioError, .editorNotStarted(errno: rc))
        }
        // Wait for the editor. Ctrl-C and Ctrl-\ reach it directly from the terminal and are its
        // to handle (in vim, Ctrl-C is an ordinary key); a hang-up or termination sent to Hearth
        // is passed on, and remembered so that Hearth stops once the editor has gone.
        var status: Int32 = 0
        var stopping: Int32?
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR {
                status = 0x7F00  // cannot happen for our own child; treat as a failure
                break
            }
            signals?.wait(seconds: 1)
            for sig in signals?.pending() ?? [] where sig == SIGTERM || sig == SIGHUP {
                stopping = sig
                kill(pid, sig)
            }
        }
        // Signals that came with the editor's exit: Ctrl-C was the editor's, the others stop us.
        for sig in signals?.pending() ?? [] where sig == SIGTERM || sig == SIGHUP { stopping = sig }
        if let stopping { throw Interrupted(signal: stopping) }
        // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        throw Interrupted(signal: status & 0x7F)
    }
}
