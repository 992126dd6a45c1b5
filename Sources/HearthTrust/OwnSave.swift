import Foundation
import HearthVault

/// A save this computer made of a vault at one place, as the ledger keeps it (Docs/SECURITY.md,
/// "Knowing when a save of yours is missing"): the mark it drew in the vault's save history
/// (its random id, hex, and depth) and the UTC day it was made on, no finer (the ledger is
/// plaintext: it keeps no more of when the person wrote than the day a message names). No record
/// text, nothing about what changed.
public struct OwnSave: Codable, Equatable, Sendable {
    /// How many of this computer's saves the ledger keeps per vault and place: the last ones.
    public static let remembered = 8
    /// How many saves found missing the ledger keeps per vault and place until they are back or
    /// dismissed (`TrustRecord.PathEntry.missingSaves`): the latest ones.
    public static let missingKept = 32

    public var id: String
    public var depth: UInt64
    /// The UTC day, `2026-12-06`.
    public var day: String
    /// True while the save is noted but its file not yet seen renamed into place (noted before
    /// the rename, confirmed after): one that neither the vault nor a copy holds was never
    /// written, and is forgotten without a word. Nil once confirmed.
    public var pending: Bool?

    public init(id: String, depth: UInt64, day: String, pending: Bool? = nil) {
        self.id = id
        self.depth = depth
        self.day = day
        self.pending = pending == true ? true : nil
    }

    public init(_ mark: SaveMark, day: String, pending: Bool = false) {
        self.init(id: TrustRecord.hex(mark.id), depth: mark.depth, day: day, pending: pending)
    }

    /// Whether the save may not have been written (`pending`).
    public var isPending: Bool { pending == true }

    /// The mark, or nil when the stored id is not 32 hex digits (an entry written by hand).
    public var mark: SaveMark? {
        guard id.utf8.count == 2 * SaveMark.idLength else { return nil }
        var bytes: [UInt8] = []
        var index = id.startIndex
        while index < id.endIndex {
            let next = id.index(index, offsetBy: 2)
            guard let byte = UInt8(id[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return SaveMark(id: bytes, depth: depth)
    }

    enum CodingKeys: String, CodingKey { case id, depth, day, pending, at }

    /// Reads `day`, or the day of `at` (an entry from before the time was cut to the day; it is
    /// written back with the day alone).
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        id = try values.decode(String.self, forKey: .id)
        depth = try values.decode(UInt64.self, forKey: .depth)
        if let day = try values.decodeIfPresent(String.self, forKey: .day) {
            self.day = day
        } else {
            day = String(try values.decode(String.self, forKey: .at).prefix(10))
        }
        pending = try values.decodeIfPresent(Bool.self, forKey: .pending) == true ? true : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(id, forKey: .id)
        try values.encode(depth, forKey: .depth)
        try values.encode(day, forKey: .day)
        try values.encodeIfPresent(pending, forKey: .pending)
    }
}
