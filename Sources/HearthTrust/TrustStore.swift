import Foundation

/// Where what this account has seen is kept between commands. The ledger file
/// (`LedgerFile`) is the real one; `MemoryTrustStore` serves tests.
public protocol TrustStore: Sendable {
    /// Where it is kept, for messages.
    var location: String { get }
    /// What was seen (empty when nothing was, or the store cannot be used).
    func load() -> TrustRecord
    /// Reads, changes and keeps the record as one step (two commands finishing at once never
    /// lose each other's change). False when the change could not be kept.
    @discardableResult
    func update(_ change: (inout TrustRecord) -> Void) -> Bool
}

/// What went wrong with a store's own file (the CLI words it).
public enum TrustStoreProblem: Sendable, Equatable {
    /// The file is there but cannot be used (`why`: "it was written by a newer version of Hearth"):
    /// the checks are off until it is readable again; it is left as it is.
    case unusable(why: String)
    /// The file was damaged and was renamed to `aside`; a new record was started.
    case setAside(aside: String)
    /// The file could not be written (`error` describes why).
    case notUpdated(error: String)
}

/// A record in memory, for tests.
public final class MemoryTrustStore: TrustStore, @unchecked Sendable {
    private let lock = NSLock()
    private var record: TrustRecord

    public init(_ record: TrustRecord = TrustRecord()) { self.record = record }

    public var location: String { "memory" }

    public func load() -> TrustRecord {
        lock.lock()
        defer { lock.unlock() }
        return record
    }

    @discardableResult
    public func update(_ change: (inout TrustRecord) -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        change(&record)
        record.trim()
        return true
    }
}
