import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

/// What a full check of a vault or backup found. A file that cannot be read at all
/// (damaged, wrong key, not a vault) is not a report but a thrown `VaultError`.
public struct VaultCheckReport: Sendable {
    public let path: String
    public let fileLength: UInt64
    public let header: VaultHeader
    /// The slot the secret opened; nil when a session key or the keys of another copy were used.
    public let openedSlot: KeySlot?
    /// Problems in a file that opened (exit 1 in `hearth verify`).
    public let problems: [String]
    /// Records of each kind, for the summary.
    public let recordCounts: [String: Int]

    public var isGood: Bool { problems.isEmpty }
}

/// The full check behind `hearth verify`, the read-back of every backup, and the first step
/// of `restore` and `merge`: header checksum and bounds, the key slot (with the secret
/// given), header MAC, every payload chunk decrypted and authenticated in order, the slot
/// details, SQLite's integrity and foreign-key checks, and the schema.
public enum VaultCheck {
    /// Checks the file at `path`, unlocking it with `credential` (the one key derivation).
    /// Returns the report and the opened records (for restore and merge to use).
    public static func run(
        path: String, credential: VaultCredential, progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws -> (report: VaultCheckReport, vault: RecordVault) {
        let header = try VaultSnapshot(path: path).header
        let keys = try Vault.unlock(header, with: credential)
        return try run(path: path, keys: keys, progress: progress)
    }

    /// Checks the file at `path` with keys already unlocked from its header (no second key
    /// derivation): the header MAC, every chunk and the database are checked again here.
    /// `progress(done, total)`: payload bytes decrypted so far.
    public static func run(
        path: String, keys: UnlockedKeys, progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws -> (report: VaultCheckReport, vault: RecordVault) {
        let vault = try RecordVault.open(at: path, credential: .keys(keys.epoch), progress: progress)
        let opened = vault.opened
        let header = opened.header
        var problems: [String] = []

        if let master = keys.masterKey {
            do {
                _ = try SlotMetadataTable.open(from: header, masterKey: master)
            } catch {
                problems.append("the key-slot details (labels and dates) do not authenticate")
            }
        }
        do {
            problems += try vault.database.integrityProblems()
            // Every record is read as listings read it: one whose stored values do not
            // decode is a problem to report (listings leave it out), named by id.
            if problems.isEmpty {
                let unreadable = try vault.store.read { try $0.unreadableRecords() }
                if !unreadable.isEmpty {
                    let names = unreadable.prefix(20).map(\.name).joined(separator: ", ") + (unreadable.count > 20 ? ", and more" : "")
                    problems.append("\(unreadable.count) record(s) hold stored values Hearth cannot read, and are left out of listings: \(names) (deleting one removes it; `hearth export --format json` keeps their stored values)")
                }
                // A save history row out of its bounds (Docs/FORMAT.md, "Save history") was not
                // written by Hearth: a copy holding one is damaged, and never merged.
                if (try? vault.saveHistory()) == nil {
                    problems.append("the save history holds a mark outside its bounds (a depth above 2^48, or an id of another length)")
                }
            }
        } catch {
            problems.append("the records database could not be checked (\(type(of: error)))")
        }
        if let modeProblem = fileModeProblem(path) { problems.append(modeProblem) }

        let openedSlot = keys.slotIndex.flatMap { header.slots[$0] }
        let report = VaultCheckReport(
            path: path, fileLength: opened.fileLength, header: header, openedSlot: openedSlot, problems: problems,
            recordCounts: (try? vault.store.counts()) ?? [:])
        return (report, vault)
    }

    /// A vault others can read is a problem on file systems that have modes at all
    /// (FAT, exFAT and NTFS drives show every file with the same mode).
    static func fileModeProblem(_ path: String) -> String? {
        guard !path.hasPrefix("/dev/fd/") else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard info.st_mode & 0o077 != 0 else { return nil }
        if let mount = MountTable.mount(holding: path), mount.lacksUnixModes { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "other users of this machine can read the file (mode \(mode)); `chmod 600` on it fixes that"
    }
}
