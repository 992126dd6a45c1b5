/// What the person accepted: exactly one key, named as Hearth's messages name it,
/// `--accept-keys EPOCH:KEY8` (the key epoch and the first 8 hex digits of its fingerprint).
/// There is no blanket form: a flag left in an alias or a script accepts only that key.
public struct KeyAcceptance: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let epoch: UInt64
    /// Eight lowercase hex digits.
    public let key: String

    public init(epoch: UInt64, key: String) {
        self.epoch = epoch
        self.key = key.lowercased()
    }

    /// `4:3f9a0c12`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let epoch = UInt64(parts[0]), parts[1].count == 8, parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(epoch: epoch, key: String(parts[1]))
    }

    /// Whether a file under `key` is the one accepted.
    public func accepts(_ key: TrustRecord.KeyLine?) -> Bool {
        guard let key else { return false }
        return key.keyEpoch == epoch && key.short == self.key
    }

    public var description: String { "\(epoch):\(key)" }
}
