import Foundation
@testable import HearthBackup
import HearthVault
import Testing

@testable import HearthCLI

/// The one place errors from below become what a person sees (`FailureReport`): each refusal of
/// the planners keeps the exit code its module decided, whatever its message says, and gets its
/// own catalogue message. A refusal that means "the secret may be wrong" is retried at a prompt.
struct RefusalMappingTests {

    @Test func restoreRefusals() {
        let rows: [(RestoreRefusal, HearthCLI.ExitStatus, String)] = [
            (.fromItself(source: "s"), .usage, "restoreFromItself"),
            (.backupNotFound(source: "s"), .notFound, "noBackupAt"),
            (.backupHasProblems(source: "s", problems: ["p"]), .refused, "backupHasProblems"),
            (.vaultUnreadable(path: "v", problem: .damaged(detail: "d")), .refused, "vaultUnreadableForRestore"),
            (.vaultAppeared(path: "v"), .refused, "vaultAppearedDuringRestore"),
            (.keysChanged, .refused, "keysChangedDuringRestore"),
            (.anotherVault(source: "s"), .refused, "backupOfAnotherVault"),
            (.vaultHasNewerData(
                source: "s", comparison: RestoreComparison(vaultIsNewerSave: true, sameRecords: false, onlyInVault: ["a"], changedInVault: []),
                vaultSave: 3, backupSave: 2, unreadable: nil), .refused, "vaultHasNewerData"),
            (.severalVaults(folder: "f", count: 2, source: "s", opened: nil), .usage, "backupsOfSeveralVaults"),
            (.noPlaceableBackup(folder: "f", passedOver: []), .notFound, "noPlaceableBackup"),
            (.noneOpened(folder: "f", passedOver: []), .invalidData, "noBackupOpened"),
        ]
        for (refusal, status, key) in rows {
            let failure = FailureReport.failure(for: refusal as any Error)
            #expect(failure.status == status && refusal.exitStatus == status, "\(refusal)")
            #expect(failure.message.key == key, "\(refusal)")
        }
    }

    @Test func mergeRefusals() {
        let rows: [(MergeRefusal, HearthCLI.ExitStatus, String)] = [
            (.intoItself(other: "o"), .usage, "mergeIntoItself"),
            (.otherNotFound(other: "o"), .notFound, "noVaultFileAt"),
            (.otherVault(other: "o"), .refused, "otherVault"),
            (.otherHasProblems(other: "o", problems: []), .refused, "otherCopyHasProblems"),
        ]
        for (refusal, status, key) in rows {
            let failure = FailureReport.failure(for: refusal as any Error)
            #expect(failure.status == status, "\(refusal)")
            #expect(failure.message.key == key, "\(refusal)")
        }
    }

    /// Drive trouble (thrown from anywhere in `hearth backup`, with no wrapper to translate it).
    @Test func backupErrors() {
        let rows: [(BackupError, HearthCLI.ExitStatus)] = [
            (.destinationNotFound(path: "d"), .notFound), (.cannotWrite(path: "d", errno: EACCES), .cannotCreate),
            (.driveFull(folder: "d", needed: 10, available: 1), .ioError), (.driveFailed(folder: "d", operation: "write", errno: EIO), .ioError),
            (.tooLargeForFAT(folder: "d", size: 5 << 30), .cannotCreate),
            (.readBackFailed(folder: "d", detail: "x", removed: true), .ioError), (.folderBusy(folder: "d"), .busy),
            (.invalidKeepCount, .usage), (.folderIsLink(path: "d"), .cannotCreate),
            (.folderHoldsVault(folder: "d", vaultPath: "v", why: .isVaultFolder), .cannotCreate),
        ]
        for (error, status) in rows {
            #expect(FailureReport.failure(for: error as any Error).status == status, "\(error)")
            #expect(error.exitStatus == status)
        }
    }

    /// On a fresh machine, a secret that opens none of the backups (some did not open with it) is
    /// "wrong secret" (77), so a prompt asks again; damage alone (65) is not retried.
    @Test func noneOpenedIsAskedAgainOnlyWhenTheSecretMayBeWrong() throws {
        let header = VaultHeader(
            vaultID: [UInt8](repeating: 1, count: 16), keyEpoch: 1, generation: 1, slots: Array(repeating: nil, count: VaultHeader.slotCount),
            payloadID: [UInt8](repeating: 2, count: 16), streamHeader: [UInt8](repeating: 0, count: 24), payloadLength: 0)
        let outcome = { (reason: FreshMachineChoice.Reason) in
            FreshMachineChoice.Outcome(candidates: [], passedOver: [
                FreshMachineChoice.PassedOver(entry: BackupCatalog.entry(path: "/nonexistent/b.hearth", comparedWith: header), reason: reason),
            ])
        }
        #expect(throws: RestoreRefusal.self) { try outcome(.doesNotOpen).taken(folder: "f", source: "s") }
        do {
            _ = try outcome(.doesNotOpen).taken(folder: "f", source: "s")
        } catch {
            #expect(SecretTries.isWrongSecret(error))
            #expect(FailureReport.failure(for: error).message.key == "noBackupOpened")
        }
        do {
            _ = try outcome(.damaged("header")).taken(folder: "f", source: "s")
        } catch {
            #expect(!SecretTries.isWrongSecret(error))
            #expect(FailureReport.failure(for: error).status == .invalidData)
        }
    }
}
