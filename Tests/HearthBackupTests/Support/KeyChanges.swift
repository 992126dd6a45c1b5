import Foundation
import HearthCrypto
import HearthVault

/// What `hearth passwd` and `hearth rekey` do, done in process through the key ring, for
/// tests that compare headers before and after.
enum KeyChanges {
    static func secret(_ text: String) -> SecretBytes { try! SecretBytes(copying: Array(text.utf8)) }

    /// Replaces slot 0's passphrase (same master key, same epoch: the payload stays).
    static func changePassphrase(vault path: String, from old: String, to new: String) throws {
        let ring = try KeyRing.unlock(at: path, credential: .passphrase(secret(old)))
        try ring.replaceSlot(0, secret: secret(new), kdf: .interactive)
        _ = try ring.save(lockTimeout: 5)
    }

    /// A new master key and key epoch, every slot kept.
    static func rekey(vault path: String, passphrase: String) throws {
        let ring = try KeyRing.unlock(at: path, credential: .passphrase(secret(passphrase)))
        _ = try ring.rekey(lockTimeout: 5)
    }
}
