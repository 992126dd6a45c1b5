import Foundation
@testable import HearthBackup
import Testing

/// The names sync tools give conflict copies, and the names that must not be taken for one
/// (ConflictCopyName): a row per case.
@Suite struct ConflictCopyNameTests {
    static let rows: [(name: String, vault: String, expected: ConflictCopyName.Finding)] = [
        // Syncthing
        ("vault.sync-conflict-20261206-101010-ABCDEFG.hearth", "vault.hearth", .conflictCopy(.syncthing)),
        ("journal.sync-conflict-20261206-101010-Q7RST2X.hearth", "journal.hearth", .conflictCopy(.syncthing)),
        ("vault.sync-conflict-20261206-101010-ABCDEFG.sync-conflict-20261207-090000-HIJKLMN.hearth", "vault.hearth",
         .conflictCopy(.syncthing)),
        ("vault.sync-conflict-2026126-101010-ABCDEFG.hearth", "vault.hearth", .unrelated),  // a short date
        ("other.sync-conflict-20261206-101010-ABCDEFG.hearth", "vault.hearth", .unrelated),  // another file's copy
        // Dropbox, and its variants
        ("vault (Sam's conflicted copy 2026-12-06).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (DESKTOP-1's conflicted copy 2026-12-06 (1)).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (Sam's Conflicted Copy 2026-12-06).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (conflicted copy).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (Case Conflict).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (Selective Sync Conflict).hearth", "vault.hearth", .conflictCopy(.dropbox)),
        ("vault (copy).hearth", "vault.hearth", .unrelated),
        // Nextcloud and ownCloud
        ("vault (conflicted copy 2026-12-06 101010).hearth", "vault.hearth", .conflictCopy(.nextcloud)),
        ("vault (conflicted copy sam 2026-12-06 101010).hearth", "vault.hearth", .conflictCopy(.nextcloud)),
        ("vault_conflict-20261206-101010.hearth", "vault.hearth", .conflictCopy(.nextcloud)),
        // OneDrive
        ("vault-DESKTOP-4FJ2K1.hearth", "vault.hearth", .conflictCopy(.onedrive)),
        ("vault-laptop.hearth", "vault.hearth", .conflictCopy(.onedrive)),
        ("vault-laptop-2.hearth", "vault.hearth", .conflictCopy(.onedrive)),
        ("vault-a-name-far-too-long-for-a-computer.hearth", "vault.hearth", .unrelated),
        ("vault-.hearth", "vault.hearth", .unrelated),
        ("vault-laptop.json", "vault.hearth", .unrelated),  // another extension
        // Hearth's own backups beside the vault: never taken for a copy, whatever the vault's name
        ("hearth-20261124T213000Z-g42.hearth", "hearth.hearth", .hearthBackup),
        ("hearth-20261124T213000Z-g42-2.hearth", "vault.hearth", .hearthBackup),
        ("vault.before-restore-20261124T213000Z.hearth", "vault.hearth", .hearthBackup),
        ("vault.before-restore-20261124T213000Z-2.hearth", "vault.hearth", .hearthBackup),
        // A sync tool's copy of one of those is a copy of the backup, not of the vault
        ("vault.before-restore-20261124T213000Z.sync-conflict-20261206-101010-ABCDEFG.hearth", "vault.hearth", .unrelated),
        // The vault itself, its temporaries, other files
        ("vault.hearth", "vault.hearth", .unrelated),
        (".vault.hearth.tmp-0123456789abcdef", "vault.hearth", .unrelated),
        ("vault.hearth.lock", "vault.hearth", .unrelated),
        ("notes.txt", "vault.hearth", .unrelated),
        // A vault without an extension
        ("vault.sync-conflict-20261206-101010-ABCDEFG", "vault", .conflictCopy(.syncthing)),
        ("vault (conflicted copy 2026-12-06 101010)", "vault", .conflictCopy(.nextcloud)),
    ]

    @Test(arguments: rows.indices)
    func classifies(_ row: Int) {
        let (name, vault, expected) = Self.rows[row]
        #expect(ConflictCopyName.classify(name, vaultName: vault) == expected, "\(name) beside \(vault)")
    }

    /// When merge --conflicts removes a copy: a row per reason to keep it.
    @Test func disposalTable() {
        let report = MergeReport()
        var unreadable = MergeReport()
        unreadable.unreadableInOther = ["journal 3"]
        let older = MergeTrust.onlyAdd(.olderKeys(other: 1, vault: 2))
        // trust, report, merging again changes something, same key slots, same file, dry run
        let cases: [(MergeTrust, MergeReport, Bool, Bool, Bool, Bool, ConflictCopyDisposal)] = [
            (.full, report, false, true, true, false, .remove),
            (.full, report, false, true, true, true, .keep(.dryRun)),
            (older, report, false, true, true, false, .keep(.onlyAdded(.olderKeys(other: 1, vault: 2)))),
            (.full, unreadable, false, true, true, false, .keep(.unreadableRecords(1))),
            (.full, report, true, true, true, false, .keep(.notVerified)),
            (.full, report, false, false, true, false, .keep(.otherKeySlots)),
            (.full, report, false, true, false, false, .keep(.changedMeanwhile)),
        ]
        for (trust, report, again, slots, same, dryRun, expected) in cases {
            #expect(MergePlanner.disposal(
                trust: trust, report: report, againChanges: again, sameKeySlots: slots, unchangedOnDisk: same, dryRun: dryRun) == expected)
        }
    }
}
