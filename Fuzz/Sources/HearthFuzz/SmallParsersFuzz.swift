import Foundation
import HearthBackup
import HearthCrypto
import HearthVault

/// The recovery-key reader: what a person typed (or a key file holds), read the forgiving way.
/// A key that reads is canonical: it reads again to itself, and its display form reads back.
enum RecoveryKeyFuzz {
    static func run(_ input: [UInt8]) {
        guard let typed = try? SecretBytes(copying: input) else { return }
        guard let canonical = try? RecoveryKey.canonical(fromTyped: typed) else {
            _ = try? RecoveryKey.typedBackDifferences(typed, of: try! SecretBytes(copying: [UInt8](repeating: 0x30, count: RecoveryKey.canonicalLength)))
            return
        }
        require(canonical.count == RecoveryKey.canonicalLength, "a canonical key of the wrong length")
        let shown = try! RecoveryKey.displayForm(canonical)
        require((try? RecoveryKey.canonical(fromTyped: shown)) == canonical, "the display form does not read back")
        require((try? RecoveryKey.typedBackDifferences(typed, of: canonical)) == [], "a key typed back is not recognised")
    }
}

/// The backup-name parser (names read from a drive's folder). A name that parses names the
/// time and save number that `make` writes back as the same values.
enum BackupNameFuzz {
    static func run(_ input: [UInt8]) {
        let name = String(decoding: input, as: UTF8.self)
        _ = BackupName.isTemporary(name)
        guard let (date, generation) = BackupName.parse(name) else { return }
        let made = BackupName.make(date: date, generation: generation)
        guard let again = BackupName.parse(made) else { require(false, "a made name does not parse"); return }
        require(again.generation == generation && again.date == date, "a backup name does not round-trip")
    }
}
