import Foundation
import HearthVault

/// A save this computer made of a vault at one path, as the ledger keeps it (Docs/SECURITY.md,
/// "Knowing when a save of yours is missing"): the mark it drew in the vault's save history
/// (its random id, hex, and depth) and when it was made (UTC, to the minute a message names).
/// No record text, nothing about what changed.
public struct OwnSave: Codable, Equatable, Sendable {
    /// How many of this computer's saves the ledger keeps per vault and path: the last ones.
    public static let remembered = 8

    public var id: String
    public var depth: UInt64
    /// `2026-12-06T10:10:00Z`.
    public var at: String

    public init(id: String, depth: UInt64, at: String) {
        self.id = id
        self.depth = depth
        self.at = at
    }

    public init(_ mark: SaveMark, at date: Date) {
        self.init(id: TrustRecord.hex(mark.id), depth: mark.depth, at: Self.utc(date))
    }

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

    /// When it was made; nil when the stored text is not of the shape written.
    public var date: Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: at)
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
