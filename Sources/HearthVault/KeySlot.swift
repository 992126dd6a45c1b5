import HearthCrypto

/// What kind of secret opens a key slot.
public enum KeySlotType: UInt8, Sendable, CaseIterable {
    case passphrase = 1
    case recovery = 2

    /// The word used in `key list` and JSON.
    public var name: String {
        switch self {
        case .passphrase: "passphrase"
        case .recovery: "recovery"
        }
    }
}

/// One entry of the key-slot table: the master key wrapped (XChaCha20-Poly1305) under a key
/// derived from a passphrase or recovery key with Argon2id. See Docs/FORMAT.md, "Key slot".
public struct KeySlot: Equatable, Sendable {
    /// Position in the table (0...7); also the slot's id on the command line.
    public let index: Int
    public let type: KeySlotType
    public let kdf: Argon2idParameters
    public let salt: [UInt8]
    public let nonce: [UInt8]
    /// The wrapped master key: 32 bytes of ciphertext followed by a 16-byte tag.
    public let wrappedKey: [UInt8]
    /// True when the wrapped key's associated data binds the key epoch ("hearth-slot-v2", slot
    /// byte 2 = 1): every slot Hearth writes now. False for a slot written by format version 1,
    /// kept unchanged in a version-2 file until that slot is written again (Docs/FORMAT.md).
    public private(set) var bindsEpoch: Bool = true

    /// Bytes of one encoded slot.
    public static let encodedLength = 128
    /// KDF identifier for Argon2id v1.3: libsodium's own `crypto_pwhash_ALG_ARGON2ID13` (2).
    static let kdfArgon2id: UInt8 = 2
    static let wrappedKeyLength = 32 + AEAD.tagLength

    /// Wraps `masterKey` for a new slot at `index` of a header at key epoch `epoch`, deriving the
    /// wrapping key from `secret`. The slot binds the epoch: it opens in no header of another.
    public static func make(
        index: Int, type: KeySlotType, secret: SecretBytes, kdf: Argon2idParameters,
        masterKey: SecretBytes, vaultID: [UInt8], epoch: UInt64
    ) throws(VaultError) -> KeySlot {
        let salt = Random.bytes(PasswordHash.saltLength)
        let nonce = Random.bytes(AEAD.nonceLength)
        let draft = KeySlot(index: index, type: type, kdf: kdf, salt: salt, nonce: nonce, wrappedKey: [])
        do {
            let wrappingKey = try PasswordHash.deriveKey(passphrase: secret, salt: salt, parameters: kdf)
            let wrapped = try AEAD.seal(
                masterKey, key: wrappingKey, nonce: nonce, associatedData: draft.associatedData(vaultID: vaultID, epoch: epoch))
            return KeySlot(index: index, type: type, kdf: kdf, salt: salt, nonce: nonce, wrappedKey: wrapped)
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Derives the wrapping key from `secret` and unwraps the master key, for a header at key
    /// epoch `epoch`. Throws `wrongSecret` when the tag does not verify.
    public func unwrap(secret: SecretBytes, vaultID: [UInt8], epoch: UInt64) throws(VaultError) -> SecretBytes {
        try unwrap(wrappingKey: try deriveWrappingKey(secret: secret), vaultID: vaultID, epoch: epoch)
    }

    /// The Argon2id work of this slot: the key derived from `secret` with its salt and cost.
    /// It depends on nothing else, so the same salt and cost in another backup give the same key.
    func deriveWrappingKey(secret: SecretBytes) throws(VaultError) -> SecretBytes {
        try SystemMemory.ensureAvailable(kdf.memLimitBytes)
        do {
            return try PasswordHash.deriveKey(passphrase: secret, salt: salt, parameters: kdf)
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Unwraps the master key with a wrapping key already derived (always the full AEAD check,
    /// bound to this vault, position, type, cost, salt and, for a slot that binds it, the key
    /// epoch of the header it is read from). Throws `wrongSecret` when the tag does not verify.
    func unwrap(wrappingKey: SecretBytes, vaultID: [UInt8], epoch: UInt64) throws(VaultError) -> SecretBytes {
        do {
            return try AEAD.open(
                wrappedKey, key: wrappingKey, nonce: nonce, associatedData: associatedData(vaultID: vaultID, epoch: epoch))
        } catch .authenticationFailed {
            throw .wrongSecret
        } catch {
            throw VaultError.from(error)
        }
    }

    /// The slot's bytes before the nonce: type, KDF id, binding, reserved, costs and salt.
    var boundFields: [UInt8] {
        var out = [UInt8](repeating: 0, count: 40)
        out[0] = type.rawValue
        out[1] = Self.kdfArgon2id
        out[2] = bindsEpoch ? 1 : 0
        LittleEndian.write(kdf.opsLimit, into: &out, at: 8)
        LittleEndian.write(kdf.memLimitBytes, into: &out, at: 16)
        out.replaceSubrange(24..<40, with: salt)
        return out
    }

    /// Associated data of the wrapped key: binds the slot to this vault, this position, its
    /// type and its cost, so a slot cannot be moved, copied or cheapened unnoticed; a slot that
    /// binds the epoch also to the key epoch of its header, so an old slot replayed into a header
    /// that claims another epoch does not open.
    func associatedData(vaultID: [UInt8], epoch: UInt64) -> [UInt8] {
        if bindsEpoch {
            return Array("hearth-slot-v2".utf8) + vaultID + [UInt8(index)] + LittleEndian.bytes(epoch) + boundFields
        }
        return Array("hearth-slot-v1".utf8) + vaultID + [UInt8(index)] + boundFields
    }

    /// The 128-byte encoding (Docs/FORMAT.md).
    var encoded: [UInt8] {
        var out = boundFields
        out += nonce
        out += wrappedKey
        out += [UInt8](repeating: 0, count: Self.encodedLength - out.count)
        return out
    }

    /// Parses one slot entry; `nil` for an empty (all-zero) entry.
    /// Byte 2 (the binding) is reserved, zero, in a version-1 header; 0 or 1 in a version 2 one.
    static func decode(_ bytes: ArraySlice<UInt8>, index: Int, headerVersion: UInt16) throws(VaultError) -> KeySlot? {
        let b = Array(bytes)
        precondition(b.count == encodedLength)
        if b[0] == 0 {
            guard b.allSatisfy({ $0 == 0 }) else {
                throw .damaged(detail: "key slot \(index) is marked empty but holds data")
            }
            return nil
        }
        guard let type = KeySlotType(rawValue: b[0]) else {
            throw .damaged(detail: "key slot \(index) has an unknown type")
        }
        guard b[1] == kdfArgon2id else { throw .damaged(detail: "key slot \(index) names an unknown key derivation") }
        let binding = b[2]
        guard binding == 0 || (binding == 1 && headerVersion >= 2), b.allZero(3..<8), b.allZero(112..<128) else {
            throw .damaged(detail: "key slot \(index) has non-zero reserved bytes")
        }
        let kdf = Argon2idParameters(
            opsLimit: LittleEndian.read(UInt64.self, from: b, at: 8),
            memLimitBytes: LittleEndian.read(UInt64.self, from: b, at: 16))
        guard kdf.isWithinReadBounds else {
            throw .damaged(detail: "key slot \(index) asks for an impossible key-derivation cost")
        }
        return KeySlot(
            index: index, type: type, kdf: kdf, salt: Array(b[24..<40]), nonce: Array(b[40..<64]),
            wrappedKey: Array(b[64..<112]), bindsEpoch: binding == 1)
    }
}

extension KeySlot {
    /// Salts and nonces are fresh random values for every slot, so two slots sharing one are
    /// copies of each other (overlapping entries): damage or tampering, refused before any
    /// key derivation.
    static func checkDistinct(_ slots: [KeySlot]) throws(VaultError) {
        var salts = Set<[UInt8]>()
        var nonces = Set<[UInt8]>()
        for slot in slots {
            guard salts.insert(slot.salt).inserted, nonces.insert(slot.nonce).inserted else {
                throw .damaged(detail: "key slot \(slot.index) repeats another slot's salt or nonce")
            }
        }
    }
}

extension VaultError {
    /// Maps a crypto-layer error to the vault's vocabulary.
    static func from(_ error: any Error) -> VaultError {
        if let v = error as? VaultError { return v }
        if let c = error as? CryptoError {
            if case .kdfOutOfMemory(let bytes) = c {
                return .insufficientMemory(neededBytes: bytes, availableBytes: SystemMemory.availableBytes() ?? 0)
            }
            return .crypto(c)
        }
        return .damaged(detail: "unexpected error")
    }
}
