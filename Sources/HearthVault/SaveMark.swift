/// One save's mark in the save history that the encrypted records database carries
/// (Docs/FORMAT.md, "Save history"): a random id drawn for that save, and its depth, one above
/// the deepest mark of the history it was made on (a Lamport clock: a merge keeps both sides'
/// marks, and the next save is deeper than all of them). Plain values, so that the records
/// layer (which keeps the history) and the trust layer (which remembers this computer's own
/// saves) speak of the same thing without depending on each other.
public struct SaveMark: Equatable, Hashable, Sendable {
    /// How many marks a history keeps: the deepest ones (`isKept(over:)`). 256 marks are 6 KiB
    /// in the database; a computer remembers its own last few saves, so a mark falls out only
    /// after 256 saves, anywhere, that it did not see.
    public static let historyLimit = 256
    /// Bytes in a save id (from libsodium's randombytes_buf, through HearthCrypto).
    public static let idLength = 16

    public let id: [UInt8]
    public let depth: UInt64

    public init(id: [UInt8], depth: UInt64) {
        self.id = id
        self.depth = depth
    }

    /// The order a capped history keeps by: deeper first, then the larger id (bytes compared
    /// in order), so that two copies capping the same marks keep the same ones.
    public func isKept(over other: SaveMark) -> Bool {
        depth != other.depth ? depth > other.depth : other.id.lexicographicallyPrecedes(id)
    }

    /// `marks` capped to the `historyLimit` marks kept first, in that order (deepest first).
    public static func capped(_ marks: some Sequence<SaveMark>) -> [SaveMark] {
        Array(Set(marks).sorted { $0.isKept(over: $1) }.prefix(historyLimit))
    }
}

/// Told of every save of the records of a vault, with the mark that save drew: the command's
/// trust context remembers this computer's own last saves (Docs/SECURITY.md, "Knowing when a
/// save of yours is missing"). The records layer finds it on the write guard it was given.
public protocol OwnSaveWitness: Sendable {
    /// `header` was written at `path`, carrying `mark` as its newest save.
    func didSave(path: String, header: VaultHeader, mark: SaveMark)
}
