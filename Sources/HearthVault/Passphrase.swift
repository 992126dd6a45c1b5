import Foundation
import HearthCrypto

/// Passphrases are UTF-8 and NFC-normalized before key derivation, so the same words typed
/// on another system (which may send decomposed accents) still open the vault.
public enum Passphrase {
    /// Returns the NFC form of `raw`. ASCII is already NFC and never leaves secret memory.
    /// Other text passes briefly through an ordinary Swift string to be normalized
    /// (Docs/SECURITY.md notes this). Bytes that are not UTF-8 are used as they are.
    public static func normalized(_ raw: SecretBytes) throws(VaultError) -> SecretBytes {
        let isASCII = raw.withUnsafeBytes { $0.allSatisfy { $0 < 0x80 } }
        if isASCII { return raw }
        var utf8 = raw.withUnsafeBytes { [UInt8]($0) }
        defer { Memory.wipe(&utf8) }
        guard let text = String(validating: utf8, as: UTF8.self) else { return raw }
        var nfc = Array(text.precomposedStringWithCanonicalMapping.utf8)
        defer { Memory.wipe(&nfc) }
        do {
            return try SecretBytes(copying: nfc)
        } catch {
            throw VaultError.from(error)
        }
    }

    /// True when `raw` is valid UTF-8 (new passphrases must be).
    public static func isValidUTF8(_ raw: SecretBytes) -> Bool {
        raw.withUnsafeBytes { bytes in
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }
    }
}
