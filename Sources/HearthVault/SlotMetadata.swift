import Foundation
import HearthCrypto

/// Private facts about each key slot: its label and when it was made and last changed.
/// They live in the header, sealed with AEAD under a key derived from the master key, so
/// that `passwd` and `key add` can update them without re-encrypting the payload, while
/// nobody without a key learns them (Docs/FORMAT.md, "Slot metadata").
public struct SlotMetadata: Equatable, Sendable {
    public var label: String
    public var createdAt: Date
    public var changedAt: Date

    public init(label: String, createdAt: Date, changedAt: Date) {
        self.label = label
        self.createdAt = createdAt
        self.changedAt = changedAt
    }

    /// Longest label, in UTF-8 bytes.
    public static let maximumLabelBytes = 62
}

/// The eight metadata entries, one per slot position.
public struct SlotMetadataTable: Equatable, Sendable {
    public var entries: [SlotMetadata?]

    static let entryLength = 80
    static let plaintextLength = entryLength * VaultHeader.slotCount  // 640
    static let sealedLength = plaintextLength + AEAD.tagLength  // 656

    public init(entries: [SlotMetadata?] = Array(repeating: nil, count: VaultHeader.slotCount)) {
        precondition(entries.count == VaultHeader.slotCount)
        self.entries = entries
    }

    /// Derives the metadata key from the master key.
    static func key(masterKey: SecretBytes) throws(VaultError) -> SecretBytes {
        do {
            return try KeyDerivation.deriveSubkey(from: masterKey, subkeyID: 1, context: "HrthSlMt")
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Binds the metadata to the vault and to the exact slot table (bytes 64..<1088), so that
    /// the slot table is authenticated under a key derived from the master key: someone who holds
    /// only an unlocked session's epoch key can re-MAC the header but cannot make up a slot table
    /// (it can still put back an earlier table of the same key epoch: see `slotTableDigest`).
    static func associatedData(header: VaultHeader) -> [UInt8] {
        Array("hearth-slot-metadata-v1".utf8) + header.vaultID + header.slotTableDigest
    }

    /// Seals the table into `header` with a fresh random nonce. Call after the header's slots
    /// are final: the seal covers them.
    public func seal(into header: inout VaultHeader, masterKey: SecretBytes) throws(VaultError) {
        var plain = [UInt8](repeating: 0, count: Self.plaintextLength)
        defer { Memory.wipe(&plain) }
        for (i, entry) in entries.enumerated() {
            guard let entry else { continue }
            let at = i * Self.entryLength
            plain[at] = 1
            var label = Array(entry.label.utf8.prefix(SlotMetadata.maximumLabelBytes))
            // Never cut a multi-byte character in half.
            while String(validating: label, as: UTF8.self) == nil { label.removeLast() }
            plain[at + 1] = UInt8(label.count)
            LittleEndian.write(Int64(entry.createdAt.timeIntervalSince1970), into: &plain, at: at + 2)
            LittleEndian.write(Int64(entry.changedAt.timeIntervalSince1970), into: &plain, at: at + 10)
            plain.replaceSubrange((at + 18)..<(at + 18 + label.count), with: label)
        }
        let nonce = Random.bytes(AEAD.nonceLength)
        let key = try Self.key(masterKey: masterKey)
        do {
            let sealed = try plain.withUnsafeBytes { raw throws(CryptoError) in
                try AEAD.seal(bytes: raw, key: key, nonce: nonce, associatedData: Self.associatedData(header: header))
            }
            header.metadataNonce = nonce
            header.sealedMetadata = sealed
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Opens the sealed table of `header` and checks it against the slot table.
    /// A failure here, after a slot opened and the MAC held, is damage or tampering.
    public static func open(from header: VaultHeader, masterKey: SecretBytes) throws(VaultError) -> SlotMetadataTable {
        let key = try Self.key(masterKey: masterKey)
        let plain: SecretBytes
        do {
            plain = try AEAD.open(
                header.sealedMetadata, key: key, nonce: header.metadataNonce,
                associatedData: associatedData(header: header))
        } catch {
            throw .damaged(detail: "the key-slot table or its details were altered")
        }
        var table = SlotMetadataTable()
        var consistent = true
        plain.withUnsafeBytes { raw in
            var b = Array(raw)
            defer { Memory.wipe(&b) }
            for i in 0..<VaultHeader.slotCount {
                let at = i * entryLength
                // Entry i is present exactly when slot i holds a key; unused bytes are zero.
                guard b[at] == 1 else {
                    if b[at..<(at + entryLength)].contains(where: { $0 != 0 }) || header.slots[i] != nil { consistent = false }
                    continue
                }
                let length = Int(b[at + 1])
                guard header.slots[i] != nil, length <= SlotMetadata.maximumLabelBytes,
                      b[(at + 18 + length)..<(at + entryLength)].allSatisfy({ $0 == 0 }),
                      String(validating: b[(at + 18)..<(at + 18 + length)], as: UTF8.self) != nil
                else {
                    consistent = false
                    continue
                }
                let created = LittleEndian.read(Int64.self, from: b, at: at + 2)
                let changed = LittleEndian.read(Int64.self, from: b, at: at + 10)
                let label = String(decoding: b[(at + 18)..<(at + 18 + length)], as: UTF8.self)
                table.entries[i] = SlotMetadata(
                    label: label, createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
                    changedAt: Date(timeIntervalSince1970: TimeInterval(changed)))
            }
        }
        guard consistent else { throw .damaged(detail: "the key-slot details do not match the key slots") }
        return table
    }
}
