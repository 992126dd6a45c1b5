import Foundation

/// The vault a kept draft was written for and, for a draft of an edit, the record it changes.
/// A draft saved into another vault (a stick, another shell's HEARTH_VAULT) would add its records
/// there, or leave out what it says about people who live elsewhere; so every draft names its
/// vault by the header's `vault_id` (fixed for the life of the vault, its backups and restored
/// copies: an identifier, not a secret), and `DraftPlacement` decides before anything is written.
public struct DraftOrigin: Equatable, Sendable {
    /// The vault's id, 32 lowercase hexadecimal digits (16 bytes).
    public let vaultID: String
    /// Where that vault was opened when the draft was written: only to help the person find it
    /// again (a vault may move); it never decides anything.
    public let vaultPath: String?
    /// The record an edit draft changes (nil: a draft of new records, or a practice's answers).
    public let recordID: String?
    /// That record's `updated_at` when the draft was written (ISO 8601, as records write it): a
    /// draft saved after the record changed elsewhere keeps both versions instead of writing
    /// over the newer one. Nil in drafts of new records and in drafts of an earlier Hearth.
    public let recordVersion: String?

    /// From the header the command opened; a relative `vaultPath` is made absolute (from
    /// `currentDirectory`), so that it still says where the vault is when read from elsewhere.
    public init(
        vaultID bytes: [UInt8], vaultPath: String?, recordID: String? = nil, recordVersion: String? = nil,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.vaultID = Self.hex(bytes)
        let absolute = vaultPath.map { $0.hasPrefix("/") ? $0 : (currentDirectory as NSString).appendingPathComponent($0) }
        self.vaultPath = absolute.flatMap(Self.shownPath)
        self.recordID = recordID
        self.recordVersion = recordID == nil ? nil : recordVersion
    }

    /// From a draft's text; nil when `vaultID` is not 32 hexadecimal digits, or the record id is
    /// not one a record can have.
    public init?(vaultID: String, vaultPath: String?, recordID: String?, recordVersion: String? = nil) {
        let id = vaultID.lowercased()
        guard Self.isVaultID(id) else { return nil }
        if let recordID, !Self.isRecordID(recordID) { return nil }
        if let recordVersion, recordID == nil || !Self.isRecordVersion(recordVersion) { return nil }
        self.vaultID = id
        self.vaultPath = vaultPath.flatMap(Self.shownPath)
        self.recordID = recordID
        self.recordVersion = recordVersion
    }

    /// True for a record's `updated_at` as drafts write it: an ISO 8601 time, at most 40
    /// characters of digits and `T Z : + - .`.
    public static func isRecordVersion(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 40 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || Array("TZ:+-.".utf8).contains($0) }
    }

    /// True for a vault's id as drafts write it.
    public static func isVaultID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
    }

    /// True for what a record's id can be (as HearthRecords' `RecordID`: 1 to 64 ASCII letters,
    /// digits, `-`, `_`, `.`), so a line edited into something else is refused rather than shown.
    public static func isRecordID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F || b == 0x2E
        }
    }

    /// The id shown in a message: its first 8 digits (enough to tell vaults apart by eye).
    public var shortVaultID: String { String(vaultID.prefix(8)) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }

    /// A path a draft can hold on one line and a message can show: none with control characters.
    static func shownPath(_ path: String) -> String? {
        guard !path.isEmpty, path.utf8.count <= 4096, !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return path
    }
}
