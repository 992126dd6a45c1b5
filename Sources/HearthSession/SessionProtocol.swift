import HearthCrypto
import HearthVault

/// The agent's request protocol: one request per connection, one reply, then the agent closes.
///
/// It runs over a `SOCK_SEQPACKET` Unix socket, so message boundaries are kept by the kernel
/// and a message longer than the limit is seen whole (its true length) and refused.
///
///     request (exactly 26 bytes)            reply
///     0      version (3)                   0     version (3)
///     1      type (RequestType)            1     status (ReplyStatus)
///     2..<18 vault id                      then, by status:
///     18..<26 argument, big-endian UInt64    key:    epoch u64, key material (81),
///                                                    key-table digest T (32)         = 123 bytes
///                                            status: epoch u64, idle s u64, max s u64 = 26 bytes
///                                            others: nothing                          =  2 bytes
///
/// No record text and no passphrase ever passes through it: only the session's key material
/// goes out (`SessionKey`: for a version-2 vault the payload key and the MAC key of one key
/// table, not the epoch key), with the key-table digest that `unlock` verified, so that commands
/// can refuse a vault whose keys changed since, and only to a peer of the agent's own uid.
/// Version 1 had no digest; version 2 carried the epoch key.
public enum SessionProtocol {
    public static let version: UInt8 = 3
    public static let requestLength = 26
    public static let vaultIDLength = 16
    public static let keyLength = SessionKey.materialLength
    public static let digestLength = 32
    /// Longer than the longest reply; also the longest message either side reads.
    public static let maximumMessage = 128
}

/// What a client asks.
public enum RequestType: UInt8, Sendable {
    /// The epoch key for the vault id (counts as use: the idle timer starts again).
    case key = 1
    /// Whether the key is held and how long is left (does not count as use).
    case status = 2
    /// Lock now: zero the key and exit, whatever vault the agent holds.
    case lock = 3
    /// The vault's header now says this key epoch; the agent locks if it differs from its own.
    case epochSeen = 4
}

/// How the agent answers.
public enum ReplyStatus: UInt8, Sendable {
    case key = 0
    case status = 1
    /// The agent is locking (after `lock`, or `epochSeen` with another epoch).
    case locking = 2
    /// The agent holds a key for another vault id.
    case notHeld = 3
    /// The request did not have the expected shape or length.
    case malformed = 4
    /// The request's protocol version is not this agent's.
    case unsupportedVersion = 5
    /// The peer is not the agent's own user.
    case refused = 6
    /// The agent is locking because its vault now has another key epoch (a rekey).
    case lockingOtherEpoch = 7
    /// The agent is locking because its vault's slot table is not the one unlocked (a
    /// passphrase or key changed, or an earlier slot table was put back).
    case lockingKeysChanged = 8

    /// True for every reply that means "the agent is locking".
    public var isLocking: Bool { self == .locking || self == .lockingOtherEpoch || self == .lockingKeysChanged }
}

/// A request that parsed.
public struct SessionRequest: Equatable, Sendable {
    public let type: RequestType
    public let vaultID: [UInt8]
    public let argument: UInt64

    public init(type: RequestType, vaultID: [UInt8], argument: UInt64 = 0) {
        precondition(vaultID.count == SessionProtocol.vaultIDLength)
        self.type = type
        self.vaultID = vaultID
        self.argument = argument
    }

    /// Why a request was refused.
    public enum ParseFailure: Error, Equatable, Sendable {
        case malformed
        case unsupportedVersion
    }

    /// Parses exactly one request; anything else is refused without looking further.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<SessionRequest, ParseFailure> {
        guard bytes.count >= 1 else { return .failure(.malformed) }
        guard bytes[0] == SessionProtocol.version else { return .failure(.unsupportedVersion) }
        guard bytes.count == SessionProtocol.requestLength else { return .failure(.malformed) }
        guard let type = RequestType(rawValue: bytes[1]) else { return .failure(.malformed) }
        let id = Array(bytes[2..<18])
        let argument = BigEndian.uint64(bytes, at: 18)
        return .success(SessionRequest(type: type, vaultID: id, argument: argument))
    }

    public func encoded() -> [UInt8] {
        [SessionProtocol.version, type.rawValue] + vaultID + BigEndian.bytes(argument)
    }
}

/// What the agent reports about itself (a `status` reply).
public struct SessionStatus: Equatable, Sendable {
    public let epoch: UInt64
    public let idleSecondsLeft: UInt64
    public let maximumSecondsLeft: UInt64
    /// The process id of the agent, from the socket's peer credentials (not from the reply).
    public var agentPID: Int32 = 0

    public init(epoch: UInt64, idleSecondsLeft: UInt64, maximumSecondsLeft: UInt64) {
        self.epoch = epoch
        self.idleSecondsLeft = idleSecondsLeft
        self.maximumSecondsLeft = maximumSecondsLeft
    }

    /// Seconds until the session locks by itself, whichever limit comes first.
    public var secondsLeft: UInt64 { min(idleSecondsLeft, maximumSecondsLeft) }

    public func encoded() -> [UInt8] {
        [SessionProtocol.version, ReplyStatus.status.rawValue]
            + BigEndian.bytes(epoch) + BigEndian.bytes(idleSecondsLeft) + BigEndian.bytes(maximumSecondsLeft)
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> SessionStatus? {
        guard bytes.count == 26, bytes[0] == SessionProtocol.version, bytes[1] == ReplyStatus.status.rawValue else {
            return nil
        }
        return SessionStatus(
            epoch: BigEndian.uint64(bytes, at: 2), idleSecondsLeft: BigEndian.uint64(bytes, at: 10),
            maximumSecondsLeft: BigEndian.uint64(bytes, at: 18))
    }
}

/// A `key` reply: built and read only inside secret memory.
public enum KeyReply {
    public static let length = 2 + 8 + SessionProtocol.keyLength + SessionProtocol.digestLength
    static let digestOffset = 10 + SessionProtocol.keyLength

    /// The reply bytes, in secret memory.
    public static func encode(epoch: UInt64, key: SecretBytes, slotTableDigest: [UInt8]) throws -> SecretBytes {
        // `key` is the session's key material (SessionKey), opaque here.
        precondition(key.count == SessionProtocol.keyLength && slotTableDigest.count == SessionProtocol.digestLength)
        let reply = try SecretBytes(count: length)
        reply.withUnsafeMutableBytes { out in
            out[0] = SessionProtocol.version
            out[1] = ReplyStatus.key.rawValue
            for (i, byte) in BigEndian.bytes(epoch).enumerated() { out[2 + i] = byte }
            key.withUnsafeBytes { k in
                (out.baseAddress! + 10).copyMemory(from: k.baseAddress!, byteCount: SessionProtocol.keyLength)
            }
            for (i, byte) in slotTableDigest.enumerated() { out[digestOffset + i] = byte }
        }
        return reply
    }

    /// What a reply that is exactly a key reply carries; nil otherwise.
    public static func decode(_ reply: SecretBytes, length received: Int) throws -> SessionKey? {
        guard received == length, reply.count >= length else { return nil }
        let facts: (UInt64, [UInt8])? = reply.withUnsafeBytes { raw in
            guard raw[0] == SessionProtocol.version, raw[1] == ReplyStatus.key.rawValue else { return nil }
            let epoch = BigEndian.uint64(UnsafeRawBufferPointer(rebasing: raw[0..<length]), at: 2)
            return (epoch, Array(raw[digestOffset..<length]))
        }
        guard let (epoch, digest) = facts else { return nil }
        let key = try SecretBytes(count: SessionProtocol.keyLength)
        key.withUnsafeMutableBytes { out in
            reply.withUnsafeBytes { raw in
                out.baseAddress!.copyMemory(from: raw.baseAddress! + 10, byteCount: SessionProtocol.keyLength)
            }
        }
        return SessionKey(epoch: epoch, key: key, slotTableDigest: digest)
    }
}

/// Big-endian integers, for the protocol and the hand-over.
enum BigEndian {
    static func bytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    static func uint64(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { ($0 << 8) | UInt64(raw[offset + $1]) }
    }

    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { uint64($0, at: offset) }
    }
}
