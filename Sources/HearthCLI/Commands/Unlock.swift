import ArgumentParser
import Foundation
import HearthCrypto
import HearthMessages
import HearthSession
import HearthVault

struct Unlock: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Unlock the vault for a while, so that commands stop asking for the passphrase.",
        discussion: """
            Asks for the passphrase once and starts a small agent that keeps the vault's current \
            key in locked memory, for your user only. It locks after --timeout without use \
            (default 15m), after --max in any case (default 8h), with `hearth lock`, when the \
            vault's keys change, when the computer sleeps (suspend or hibernation; \
            --keep-over-suspend leaves it unlocked), or when your session ends. Changing keys (passwd, key, rekey) \
            always asks for the passphrase. Unlocking again replaces the session.
            """)

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Option(help: ArgumentHelp("Lock after this long without use (90s, 15m, 1h).", valueName: "duration"))
    var timeout = DurationInput(seconds: 15 * 60)

    @Option(name: .customLong("max"), help: ArgumentHelp("Lock after this long in any case (at most 24h).", valueName: "duration"))
    var maximum = DurationInput(seconds: 8 * 3600)

    @Flag(help: "Stay unlocked when the computer sleeps (by default a suspend or hibernation locks).")
    var keepOverSuspend = false

    static let longest: UInt64 = 24 * 3600

    func validate() throws {
        guard timeout.seconds >= 1, maximum.seconds >= 1 else {
            throw Message.timeoutTooShort.usageError
        }
        guard maximum.seconds <= Self.longest else { throw Message.maximumTooLong.usageError }
    }

    func execute() throws {
        let path = vault.path
        var (header, _) = try Vault.readHeader(at: path)
        var directory = try Self.sessionFolder()
        guard UnixSocketPath.fits(directory.socketPath(vaultID: header.vaultID)) else {
            throw CLIFailure(.cannotCreate, .socketPathTooLong(folder: directory.path))
        }
        // Unlocking always proves the passphrase, even while a session runs.
        let keys = try vault.opening(allowSession: false) { try Vault.unlock(header, with: $0) }
        CommandTrust.read(path, header: header, identity: keys.epoch.identity)
        if header.version < VaultHeader.currentVersion {
            // A version-1 header can only be checked with the epoch key, which re-MACs any slot
            // table of the epoch: the vault is upgraded first, so the agent never holds it.
            header = try Vault.upgrade(
                at: path, unlocked: header, keys: keys.epoch, lockTimeout: VaultLocation.lockTimeout,
                writeGuard: CommandTrust.current)
            Console.message(.formatUpgraded(from: 1, to: header.version))
        }
        var handover = SessionHandover(
            vaultID: header.vaultID, epoch: header.keyEpoch, slotTableDigest: header.keyTableDigest, idleSeconds: timeout.seconds,
            maximumSeconds: maximum.seconds, sessionEnd: SessionEndWatch.capture(environment: Environment.all), folder: directory.path,
            vaultPath: Self.absolute(path))
        handover.keepOverSuspend = keepOverSuspend
        // Two tries: when another user had taken the usual temporary folder and two commands
        // made private ones at the same moment, the agent moves to the one commands will look in.
        for attempt in 1...2 {
            handover.folder = directory.path
            // For a version-2 vault the agent gets the payload key and this key table's MAC key,
            // never the epoch key (Docs/SECURITY.md, "Unlocked sessions").
            try Self.startAgent(handover, key: try keys.epoch.sessionMaterial(for: header), in: directory)
            let lookedIn = SessionDirectory.current(environment: Environment.all)
            if lookedIn.path == directory.path || attempt == 2 || (try? lookedIn.check()) == nil { break }
            SessionClient(directory: directory, vaultID: header.vaultID).lock()
            directory = lookedIn
        }
        Console.message(.unlocked(
            idle: DurationText.spoken(timeout.seconds), maximum: DurationText.spoken(maximum.seconds), locksOnSleep: !keepOverSuspend))
    }

    /// The private folder for the agent's socket, made if needed; a calm refusal (73) naming the
    /// folder and what to do when there is none.
    static func sessionFolder() throws -> SessionDirectory {
        do {
            return try SessionDirectory.prepared(environment: Environment.all)
        } catch {
            let advice: Message.SessionFolderAdvice
            let ownFolder = SessionDirectory.current(environment: Environment.all)
            if case .tooOpen(let folder, _) = error, folder == ownFolder.path, ownFolder.isOwnDirectory {
                // Hearth's own folder, made loose or odd by hand: nobody else is involved.
                advice = .chmod(folder: folder)
            } else if Environment.value("XDG_RUNTIME_DIR")?.hasPrefix("/") == true {
                advice = .fixRuntimeDirectory
            } else {
                advice = .setRuntimeDirectory
            }
            throw CLIFailure(.cannotCreate, .sessionFolderRefused("\(error)", advice: advice))
        }
    }

    /// Replaces this vault's running agent in `directory` (if any) with a new one, one unlock at
    /// a time: a second unlock at the same moment waits, then replaces the first one's agent.
    static func startAgent(_ handover: SessionHandover, key: SecretBytes, in directory: SessionDirectory) throws {
        guard let turn = SessionStartLock(directory: directory) else {
            throw CLIFailure(.busy, .unlockBusy)
        }
        defer { withExtendedLifetime(turn) {} }
        let client = SessionClient(directory: directory, vaultID: handover.vaultID)
        if client.status() != nil { client.lock() }
        do {
            _ = try SessionLauncher.start(handover, key: key, executable: HearthContext.current.executable)
        } catch {
            throw CLIFailure(.ioError, .sessionNotStarted(Self.problem(error)))
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    static func problem(_ error: any Error) -> Message.SessionStartProblem {
        switch error as? SessionLauncher.Failure {
        case .spawn(let code): .spawn(errno: code)
        case .agent(.alreadyRunning): .alreadyRunning
        case .agent(.unsafeFolder): .unsafeFolder
        case .agent: .cannotListen
        case .noAnswer, nil: .noAnswer
        }
    }
}

enum UnixSocketPath {
    /// sun_path holds 108 bytes including the final zero.
    static func fits(_ path: String) -> Bool { path.utf8.count < 108 }
}
