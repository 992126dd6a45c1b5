import ArgumentParser
import CPlatform
import Foundation
import HearthCrypto
import HearthMessages
import HearthRecords

/// The `hearth` command: an encrypted personal vault for a practice of safer relationships.
public struct Hearth: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hearth",
        abstract: "An encrypted vault for your connection journal, body check-ins, beliefs and the people in your life.",
        discussion: """
            Record text never goes on the command line: it comes from stdin, $EDITOR (on a private \
            memory-only copy) or a prompt. Passphrases come from a prompt, a file descriptor, a file or \
            $HEARTH_PASSPHRASE, never from arguments.

            Messages are short. --verbose (with any command), or $HEARTH_VERBOSE=1, adds the technical \
            detail below each one.

            `hearth COMMAND --help` shows a command's options (`--help-hidden` also the expert \
            ones); `man hearth` and `man hearth.COMMAND` say the same at length. `--version` (or \
            `-V`) names the version and the commit it was built from. This help ends with the exit \
            codes, the environment variables Hearth reads and where it keeps its files.
            """,
        version: BuildVersion.text,
        subcommands: [
            Init.self, Status.self, Journal.self, People.self, Connect.self, Body.self, BeliefCommand.self, ScriptCommand.self,
            Search.self, InsightsCommand.self, SummaryCommand.self, PracticeCommand.self, Export.self, Import.self, Feelings.self, Key.self, Passwd.self, Rekey.self, Unlock.self, Lock.self,
            Panic.self, Backup.self, Verify.self, Restore.self, Merge.self, Conflicts.self, SessionAgentCommand.self,
        ]
    )

    public init() {}

    /// Entry point of the executable: hardening first, then the command. What belongs to the
    /// process alone (crash reports, core dumps, signal dispositions) is set up here and never in
    /// process (`run(arguments:context:)`).
    public static func runMain() -> Never {
        // Before anything else: no crash report may print memory (Docs/SECURITY.md, "Hardening").
        _ = hearth_quiet_crashes()
        ProcessHardening.apply()
        _ = PlaintextDatabase.zeroesFreedMemory
        do {
            try Sodium.ensureInitialized()
        } catch {
            Console.failure(.noRandomness)
            Foundation.exit(ExitStatus.ioError.rawValue)
        }
        Foundation.exit(runCommand(CommandLine.arguments.dropFirst()))
    }

    /// Runs one command in this process with `context`'s console, terminal, clock and
    /// environment, and returns its exit status: what the binary would exit with, except that
    /// a closed stdout returns 141 instead of ending the process by SIGPIPE. For tests; runs side
    /// by side never share what a run changes (`HearthContext`).
    public static func run(arguments: [String], context: HearthContext) -> Int32 {
        HearthContext.$current.withValue(context.freshRun()) {
            _ = PlaintextDatabase.zeroesFreedMemory
            do {
                try Sodium.ensureInitialized()
            } catch {
                Console.failure(.noRandomness)
                return ExitStatus.ioError.rawValue
            }
            return runCommand(arguments[...])
        }
    }

    /// Parses and runs one command. What the argument parser reports (help, usage errors that
    /// quote an argument) goes through `Console` like everything else: inert on a terminal
    /// (an argument may hold escape sequences), and never a crash on a closed pipe.
    static func runCommand(_ arguments: ArraySlice<String>) -> Int32 {
        var (rest, verboseFlag) = VerboseOption.extract(Array(arguments))
        if rest == ["-V"] { rest = ["--version"] }
        let environment = Environment.all
        Console.verbose = verboseFlag || VerboseOption.fromEnvironment(environment)
        // One trust context per command, from the environment it runs with (`CommandTrust`).
        let trust = CommandTrust.make(environment: environment)
        defer { trust.finish() }
        return CommandTrust.$current.withValue(trust) { run(rest) }
    }

    private static func run(_ rest: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(rest)
            try command.run()
            return 0
        } catch is OutputClosed {
            return 128 + SIGPIPE
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                // Help and version: data on stdout.
                if !text.isEmpty { _ = try? Console.output(text) }
                if RootHelp.isAsked(by: rest) { _ = try? Console.output("\n" + HelpReference.epilogue) }
            } else if !text.isEmpty {
                Console.failure(UnexpectedArguments.message(for: text))
            }
            return code.rawValue
        }
    }
}

/// The root command's own help (`hearth --help`, `-h`, `help`, `--help-hidden`, or no
/// arguments at all): the one that ends with the exit codes, the environment and the files.
enum RootHelp {
    static func isAsked(by arguments: [String]) -> Bool {
        arguments.isEmpty || (arguments.count == 1 && ["-h", "--help", "help", "--help-hidden"].contains(arguments[0]))
    }
}

/// A command that reports failures as calm messages with the contract's exit codes.
protocol HearthCommand: ParsableCommand {
    func execute() throws
}

extension HearthCommand {
    func run() throws {
        defer {
            MemoryLockNote.sayOnceIfNeeded()
            ConflictCopyNote.sayOnceIfAny()
        }
        do {
            try execute()
        } catch let exit as ExitCode {
            throw exit
        } catch is OutputClosed {
            // The reader of stdout went away (`| head`): end as `cat` does, quietly, by SIGPIPE.
            // Every cleanup on the way up (drafts wiped, buffers zeroed, locks released) has run.
            // In process (tests) the status says the same without the signal.
            if HearthContext.current.isProcess {
                signal(SIGPIPE, SIG_DFL)
                raise(SIGPIPE)
            }
            throw ExitCode(128 + SIGPIPE)
        } catch let interrupted as Interrupted {
            if let kept = interrupted.keptDraft {
                Console.failure(.stoppedDraftKept(at: kept))
            } else if interrupted.draftWiped {
                Console.failure(.stoppedDraftWiped)
            } else {
                Console.failure(.stoppedBeforeAnyDraft)
            }
            throw ExitCode(128 + interrupted.signal)
        } catch let stopped as Stopped {
            Console.failure(stopped.message)
            throw ExitCode(128 + stopped.signal)
        } catch let error as any ValidationErrorLike {
            throw error
        } catch {
            let failure = FailureReport.failure(for: error)
            Console.failure(failure.message)
            throw ExitCode(failure.status.rawValue)
        }
    }
}

/// Says once, on stderr, when the system refused to lock key memory (a low `ulimit -l`):
/// libsodium goes on without it, and the person should know that keys could reach swap.
enum MemoryLockNote {
    static func sayOnceIfNeeded() {
        guard SecretMemory.lockWasRefused else { return }
        Console.message(.memoryNotLocked)
    }
}

/// Errors ArgumentParser itself reports (usage, 64).
protocol ValidationErrorLike: Error {}
extension ValidationError: ValidationErrorLike {}

/// `--verbose`, taken by every command: messages show their technical detail too. It is taken
/// out of the arguments before they are parsed (wherever it stands, up to a `--`), so no command
/// needs to declare it.
enum VerboseOption {
    static func extract(_ arguments: [String]) -> (rest: [String], verbose: Bool) {
        var rest: [String] = []
        var verbose = false
        var ended = false
        for argument in arguments {
            if !ended, argument == "--verbose" {
                verbose = true
                continue
            }
            if argument == "--" { ended = true }
            rest.append(argument)
        }
        return (rest, verbose)
    }

    static func fromEnvironment(_ environment: [String: String]) -> Bool {
        guard let value = environment["HEARTH_VERBOSE"] else { return false }
        return !value.isEmpty && value != "0"
    }
}

/// Words the command did not expect may be record text (`hearth journal add "Walked with Sam"`):
/// the argument parser's error quotes them back, onto a screen others may see. They are never
/// repeated; the message says why such text does not belong there and what to do instead.
/// Anything else the parser says (a missing argument, an unknown option, the usage line) is
/// generated from the command's own definition and passes as it is.
enum UnexpectedArguments {
    static func message(for parserText: String) -> Message {
        var lines = parserText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first,
              first.wholeMatch(of: /Error: (Unexpected argument '.*'|\d+ unexpected arguments: .*)/) != nil
        else { return .commandLine(parserText) }
        lines.removeFirst()
        return Message.unexpectedWords.then(lines.isEmpty ? nil : .commandLine(lines.joined(separator: "\n")))
    }
}
