import Foundation
import HearthCrypto
import HearthVault

/// Talks to the agent of one vault: asks for its key, its status, or tells it to lock.
/// Every failure means "no session": callers then ask for a passphrase as usual.
public struct SessionClient: Sendable {
    public let directory: SessionDirectory
    public let vaultID: [UInt8]

    public init(directory: SessionDirectory, vaultID: [UInt8]) {
        self.directory = directory
        self.vaultID = vaultID
    }

    public var socketPath: String { directory.socketPath(vaultID: vaultID) }

    /// What the agent answered to a key request.
    public enum KeyAnswer: Sendable {
        /// The epoch key, its epoch and the slot table it was unlocked for.
        case key(SessionKey)
        /// The agent was there and is locking instead (the reply says why).
        case ended(ReplyStatus)
        /// No agent holds this vault (or it did not answer).
        case none
    }

    /// Asks the agent of this vault for its key.
    public func key() -> KeyAnswer {
        guard let fd = connect() else { return .none }
        defer { close(fd) }
        guard UnixSocket.send(fd, SessionRequest(type: .key, vaultID: vaultID).encoded()),
              let buffer = try? SecretBytes(count: SessionProtocol.maximumMessage)
        else { return .none }
        let length = buffer.withUnsafeMutableBytes { UnixSocket.receive(fd, into: $0) }
        if let key = try? KeyReply.decode(buffer, length: length) { return .key(key) }
        let status: ReplyStatus? = length == 2
            ? buffer.withUnsafeBytes { $0[0] == SessionProtocol.version ? ReplyStatus(rawValue: $0[1]) : nil } : nil
        if let status, status.isLocking { return .ended(status) }
        return .none
    }

    /// How long the session has left; nil when no agent holds this vault.
    public func status() -> SessionStatus? {
        guard let fd = connect() else { return nil }
        defer { close(fd) }
        guard var status = exchangeStatus(fd, SessionRequest(type: .status, vaultID: vaultID)) else { return nil }
        status.agentPID = UnixSocket.peer(fd)?.pid ?? 0
        return status
    }

    /// Tells the agent that the vault's header now says `epoch`; it locks if that is not its own.
    /// Returns true when the agent is locking.
    @discardableResult
    public func report(epochSeen epoch: UInt64) -> Bool {
        guard let fd = connect() else { return false }
        defer { close(fd) }
        return exchangeStatusByte(fd, SessionRequest(type: .epochSeen, vaultID: vaultID, argument: epoch))?.isLocking ?? false
    }

    /// Locks this vault's agent. Returns true when an agent was there and is locking.
    @discardableResult
    public func lock() -> Bool {
        SessionClient.lock(socketPath: socketPath, vaultID: vaultID)
    }

    /// Locks whatever agent listens at `socketPath`, waiting (up to `wait` seconds) until it
    /// is gone. An agent that does not answer is ended with SIGKILL: its memory goes with it.
    @discardableResult
    public static func lock(socketPath: String, vaultID: [UInt8] = [UInt8](repeating: 0, count: 16), wait: Double = 3)
        -> Bool
    {
        guard let fd = connectTrusted(socketPath) else { return false }
        let pid = UnixSocket.peer(fd)?.pid ?? 0
        let started = ProcessFacts.read(pid: pid)?.startTicks
        let sent = UnixSocket.send(fd, SessionRequest(type: .lock, vaultID: vaultID).encoded())
        var reply = [UInt8](repeating: 0, count: SessionProtocol.maximumMessage)
        let length = sent ? reply.withUnsafeMutableBytes { UnixSocket.receive(fd, into: $0) } : -1
        close(fd)
        let agreed = length == 2 && (ReplyStatus(rawValue: reply[1])?.isLocking ?? false)
        if pid > 0, !waitForExit(pid: pid, seconds: agreed ? wait : 0.5),
           let now = ProcessFacts.read(pid: pid), now.startTicks == started
        {
            kill(pid, SIGKILL)
            _ = waitForExit(pid: pid, seconds: 1)
        }
        return true
    }

    /// Locks every agent of this user in every folder where one may listen (`lock --all`).
    /// Returns how many were found.
    public static func lockAll(environment: [String: String]) -> Int {
        var count = 0
        for directory in SessionDirectory.allCandidates(environment: environment) {
            for path in directory.socketPaths() where lock(socketPath: path) { count += 1 }
        }
        return count
    }

    // MARK: Connection

    private func connect() -> Int32? {
        guard (try? directory.check()) != nil else { return nil }
        return Self.connectTrusted(socketPath)
    }

    /// Connects when the socket is this user's and so is the process listening on it.
    static func connectTrusted(_ path: String) -> Int32? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK, info.st_uid == geteuid() else { return nil }
        guard let fd = UnixSocket.connect(to: path) else { return nil }
        guard let peer = UnixSocket.peer(fd), peer.uid == geteuid() else {
            close(fd)
            return nil
        }
        return fd
    }

    private func exchangeStatus(_ fd: Int32, _ request: SessionRequest) -> SessionStatus? {
        guard UnixSocket.send(fd, request.encoded()) else { return nil }
        var reply = [UInt8](repeating: 0, count: SessionProtocol.maximumMessage)
        let length = reply.withUnsafeMutableBytes { UnixSocket.receive(fd, into: $0) }
        guard length > 0, length <= reply.count else { return nil }
        return reply.withUnsafeBytes { SessionStatus.parse(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    private func exchangeStatusByte(_ fd: Int32, _ request: SessionRequest) -> ReplyStatus? {
        guard UnixSocket.send(fd, request.encoded()) else { return nil }
        var reply = [UInt8](repeating: 0, count: SessionProtocol.maximumMessage)
        let length = reply.withUnsafeMutableBytes { UnixSocket.receive(fd, into: $0) }
        guard length >= 2, length <= reply.count, reply[0] == SessionProtocol.version else { return nil }
        return ReplyStatus(rawValue: reply[1])
    }

    /// Waits until `pid` has exited (or is a zombie waiting to be reaped).
    static func waitForExit(pid: Int32, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if ProcessFacts.read(pid: pid)?.isZombie ?? true { return true }
            usleep(10_000)
        } while Date() < deadline
        return ProcessFacts.read(pid: pid)?.isZombie ?? true
    }
}
