import CPlatform
import Foundation
import HearthCrypto
import HearthVault

/// The agent process that `hearth unlock` starts: holds one vault's epoch key in secret
/// memory and hands it to commands of the same user until it locks.
///
/// It locks (zeroes the key, removes its socket and exits) after the idle time without a
/// key request, at the absolute maximum, on `lock`, when the vault's key epoch or slot table
/// changes, when its socket or folder is removed or loosened, when the user's session ends,
/// when the machine was suspended (unless kept over suspend), and on SIGTERM, SIGINT, SIGHUP
/// or SIGQUIT. It serves one request per connection, in turn.
public final class SessionAgent {
    /// What the agent reports to `hearth unlock` through the ready pipe (one byte).
    public enum StartResult: UInt8, Sendable {
        case listening = 0
        case badHandover = 1
        case unsafeFolder = 2
        case alreadyRunning = 3
        case socketFailed = 4
    }

    private let handover: SessionHandover
    private let key: SecretBytes
    private let socketPath: String
    private var listener: Int32 = -1
    private var socketIdentity: (dev: UInt64, ino: UInt64) = (0, 0)
    private let idleSeconds: Double
    private var idleDeadline: Double
    private let maximumDeadline: Double
    private var nextCheck: Double = 0
    private var lockFile: Int32 = -1
    private let clocks: SuspendWatch.Clocks
    private var suspendWatch: SuspendWatch

    /// Why the agent stops: it locked (key zeroed, socket and lock file removed).
    struct Locked: Error {}

    /// `clocks` are the system's boot-time and monotonic clocks; an in-process test of the
    /// serving loop gives its own (nothing in the environment or arguments can).
    init(handover: SessionHandover, key: SecretBytes, clocks: @escaping SuspendWatch.Clocks = SuspendWatch.systemClocks) {
        self.handover = handover
        self.key = key
        self.clocks = clocks
        suspendWatch = SuspendWatch(clocks: clocks)
        socketPath = SessionDirectory(path: handover.folder).socketPath(vaultID: handover.vaultID)
        let now = clocks().boot
        idleSeconds = Double(handover.idleSeconds)
        idleDeadline = now + idleSeconds
        maximumDeadline = now + Double(handover.maximumSeconds)
    }

    /// Runs the agent of this process: reads the hand-over on `handoverFD`, reports on
    /// `readyFD`, then serves until it locks. Never returns.
    public static func run(handoverFD: Int32, readyFD: Int32) -> Never {
        // Leave the terminal's session: Ctrl-C in the shell that ran `unlock` is not for us.
        // (The launcher already closed every descriptor but the two pipes and stdio.)
        _ = setsid()
        func report(_ result: StartResult) {
            var byte = result.rawValue
            _ = Foundation.write(readyFD, &byte, 1)
            close(readyFD)
        }
        guard let (handover, key) = SessionHandover.read(from: handoverFD) else {
            report(.badHandover)
            exit(1)
        }
        close(handoverFD)
        let agent = SessionAgent(handover: handover, key: key)
        let result = agent.start()
        report(result)
        guard result == .listening else { agent.wipeKey(); exit(1) }
        guard let signals = SignalCatcher(SignalCatcher.termination) else {
            try? agent.lock()
            exit(0)
        }
        do { try agent.serve(signals: signals) } catch { exit(0) }
    }

    /// The boot-time clock (it counts time asleep), in seconds.
    private var now: Double { clocks().boot }

    /// Takes the vault's lifetime lock and listens on its socket.
    func start() -> StartResult {
        let folder = SessionDirectory(path: handover.folder)
        guard (try? folder.check()) != nil else { return .unsafeFolder }
        // One agent per vault id: the lock file is held for the agent's whole life. A previous
        // agent that is just locking gets a moment to finish.
        // The lock file is removed when the agent locks; a lock taken on a file that was
        // removed meanwhile does not count, so the lock is taken again on the current one.
        let lockPath = folder.lockPath(vaultID: handover.vaultID)
        var tries = 0
        while true {
            lockFile = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard lockFile >= 0 else { return .socketFailed }
            if flock(lockFile, LOCK_EX | LOCK_NB) == 0 {
                var held = stat()
                var named = stat()
                if fstat(lockFile, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino,
                   held.st_dev == named.st_dev
                {
                    break
                }
            }
            close(lockFile)
            lockFile = -1
            tries += 1
            if tries > 150 { return .alreadyRunning }
            usleep(20_000)
        }
        unlink(socketPath)  // a stale socket of an agent that was killed
        guard var address = UnixSocket.address(socketPath) else { return .socketFailed }
        listener = socket(AF_UNIX, UnixSocket.socketType | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { return .socketFailed }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, chmod(socketPath, 0o600) == 0, listen(listener, 16) == 0 else { return .socketFailed }
        var info = stat()
        guard lstat(socketPath, &info) == 0 else { return .socketFailed }
        socketIdentity = (UInt64(info.st_dev), UInt64(info.st_ino))
        return .listening
    }

    /// Serves requests until the agent locks; a signal caught by `signals` (when given) locks it
    /// too. Only ever ends by throwing `Locked`.
    func serve(signals: SignalCatcher?) throws(Locked) -> Never {
        while true {
            let now = self.now
            if now >= idleDeadline || now >= maximumDeadline { try lock() }
            if now >= nextCheck {
                if lockReasonAfterChecks() != nil { try lock() }
                nextCheck = now + 1
            }
            let wait = max(0, min(idleDeadline, maximumDeadline, nextCheck) - now)
            var entries = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals?.descriptor ?? -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&entries, 2, Int32((wait * 1000).rounded(.up)))
            if ready < 0, errno != EINTR { try lock() }
            if entries[1].revents != 0, let signals, !signals.pending().isEmpty { try lock() }
            if entries[0].revents & Int16(POLLIN) != 0 { try acceptOne() }
        }
    }

    /// The periodic checks: the socket still ours (the path names the inode bound), the folder
    /// still private, the session still going, the vault's key epoch and slot table unchanged.
    /// Returns why the agent must lock (the reply status that says so), or nil.
    private func lockReasonAfterChecks() -> ReplyStatus? {
        if machineSlept() { return .locking }
        var info = stat()
        guard lstat(socketPath, &info) == 0, UInt64(info.st_dev) == socketIdentity.dev,
              UInt64(info.st_ino) == socketIdentity.ino
        else { return .locking }
        guard (try? SessionDirectory(path: handover.folder).check()) != nil else { return .locking }
        if SessionEndWatch.hasEnded(handover.sessionEnd) { return .locking }
        return vaultChange()
    }

    /// True when the machine slept since the last look and the session is not kept over suspend.
    private func machineSlept() -> Bool {
        suspendWatch.sleptSinceLastLook() && !handover.keepOverSuspend
    }

    /// The identity of the vault file when its header was last read.
    private var vaultFileSeen: [Int64] = []

    /// Why to lock when the vault at the path is gone (deleted, moved away, its drive pulled:
    /// saves rename a new file into place, so the path never lacks a file while Hearth writes) or
    /// now has another id, key epoch or slot table (a passphrase or key changed, or an earlier
    /// slot table put back). The header is read again only when the file changed; a header that
    /// cannot be read for a moment (a copy being written over it) is not a reason to lock.
    private func vaultChange() -> ReplyStatus? {
        var info = stat()
        guard stat(handover.vaultPath, &info) == 0 else { return .locking }
        let identity = [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mtim.tv_sec),
                        Int64(info.st_mtim.tv_nsec)]
        guard identity != vaultFileSeen else { return nil }
        guard let (header, _) = try? Vault.readHeader(at: handover.vaultPath) else { return nil }
        vaultFileSeen = identity
        if header.vaultID != handover.vaultID { return .locking }
        if header.keyEpoch != handover.epoch { return .lockingOtherEpoch }
        if header.keyTableDigest != handover.slotTableDigest { return .lockingKeysChanged }
        return nil
    }

    private func acceptOne() throws(Locked) {
        let connection = hearth_accept_cloexec(listener)
        guard connection >= 0 else { return }
        defer { close(connection) }
        UnixSocket.setTimeouts(connection, seconds: 1)
        // The request is read (at most 64 bytes of it) before anything else, so that every
        // reply, a refusal included, reaches the client instead of a connection reset.
        var buffer = [UInt8](repeating: 0, count: SessionProtocol.maximumMessage)
        let length = buffer.withUnsafeMutableBytes { UnixSocket.receive(connection, into: $0) }
        guard let peer = UnixSocket.peer(connection), peer.uid == geteuid() else {
            Memory.wipe(&buffer)
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.refused.rawValue])
            return
        }
        guard length > 0 else { return }
        guard length <= buffer.count else {
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.malformed.rawValue])
            return
        }
        let parsed = buffer.withUnsafeBytes { SessionRequest.parse(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        switch parsed {
        case .failure(.unsupportedVersion):
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.unsupportedVersion.rawValue])
        case .failure:
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.malformed.rawValue])
        case .success(let request):
            try answer(request, on: connection)
        }
    }

    private func answer(_ request: SessionRequest, on connection: Int32) throws(Locked) {
        if request.type == .lock {
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.locking.rawValue])
            try lock()
        }
        guard request.vaultID == handover.vaultID else {
            _ = UnixSocket.send(connection, [SessionProtocol.version, ReplyStatus.notHeld.rawValue])
            return
        }
        // The limits and checks hold at the moment of answering, not only at the last tick:
        // after a suspend, or a second after the session ended, no key goes out.
        let now = self.now
        // A suspend is checked for every request, a status request too: after waking up, the
        // first thing anyone sees is a locked vault.
        let expired: ReplyStatus? = now >= idleDeadline || now >= maximumDeadline || machineSlept() ? .locking : nil
        if let reason = expired ?? (request.type != .status ? lockReasonAfterChecks() : nil) {
            _ = UnixSocket.send(connection, [SessionProtocol.version, reason.rawValue])
            try lock()
        }
        switch request.type {
        case .key:
            guard let reply = try? KeyReply.encode(epoch: handover.epoch, key: key, slotTableDigest: handover.slotTableDigest)
            else { return }
            if reply.withUnsafeBytes({ UnixSocket.send(connection, $0) }) {
                idleDeadline = self.now + idleSeconds
            }
        // A reported epoch is only a hint to look: the agent's own vault file was just checked
        // above (and locked on when its epoch changed). A number read from some other file, which
        // anyone able to write a file could set, never locks the session by itself.
        case .status, .epochSeen:
            _ = UnixSocket.send(connection, status().encoded())
        case .lock:
            try lock()
        }
    }

    private func status() -> SessionStatus {
        let now = self.now
        func left(_ deadline: Double) -> UInt64 { UInt64(max(0, deadline - now).rounded(.up)) }
        return SessionStatus(epoch: handover.epoch, idleSecondsLeft: left(idleDeadline), maximumSecondsLeft: left(maximumDeadline))
    }

    private func wipeKey() {
        key.withUnsafeMutableBytes { Memory.wipe($0) }
    }

    /// Zeroes the key, removes the socket (if it is still ours) and its lock file, and stops
    /// serving (`run` then exits).
    func lock() throws(Locked) -> Never {
        wipeKey()
        var info = stat()
        if lstat(socketPath, &info) == 0, UInt64(info.st_dev) == socketIdentity.dev,
           UInt64(info.st_ino) == socketIdentity.ino
        {
            unlink(socketPath)
        }
        if listener >= 0 { close(listener) }
        listener = -1
        // Still holding the lock: nobody else can be between opening and locking this file.
        if lockFile >= 0 {
            unlink(SessionDirectory(path: handover.folder).lockPath(vaultID: handover.vaultID))
            close(lockFile)
            lockFile = -1
        }
        throw Locked()
    }
}
