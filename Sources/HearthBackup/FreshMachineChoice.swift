import Foundation
import HearthVault

/// Which backup `hearth restore FOLDER` takes on a machine without the vault (a fresh machine):
/// nothing there checks the numbers the backups' headers claim, so each backup is opened with
/// the secret given, and of those that open, the highest (key epoch, save number) that checks
/// whole is taken.
///
/// The files share one key-derivation budget (`KeyDerivationBudget`), so files planted on the
/// drive cannot make the search cost more than one unlock may. They are opened in order of the
/// derivation work each still needs, least first, never newest claim first: otherwise one
/// planted file claiming the highest key epoch, with slots asking for the whole budget, would
/// be tried first, spend it all, and leave the genuine backups untried. A slot derived once (the
/// same slot in every backup of one key epoch) costs nothing again, so after the first genuine
/// backup the others of its epoch are nearly free. A file that opens is checked whole at once,
/// and files claiming no more than the one so taken are not opened at all. A file the budget
/// did not reach is never taken; it is named as not tried.
public enum FreshMachineChoice {
    /// Why a backup was not taken.
    public enum Reason: Sendable {
        /// It does not open with the secret given (no slot of its type, or none that opens).
        case doesNotOpen
        /// Its header or contents are damaged or altered.
        case damaged(String)
        /// It opened, but the full check found these problems.
        case problems([String])
        /// The budget ran out before it (or while it was tried): not tried, never taken.
        case notTried
        /// Another failure (out of memory, unreadable), for the caller to describe.
        case failed(any Error)
    }

    public struct PassedOver: Sendable {
        public let entry: BackupEntry
        public let reason: Reason
    }

    public struct Outcome: Sendable {
        /// For each vault with a backup in the folder that opens and checks whole: its newest
        /// such backup (by claimed key epoch and save number, confirmed by its own key).
        public let candidates: [BackupEntry]
        /// Backups not taken, vault by vault, newest claim first: for a vault with a candidate,
        /// those claiming more than it; for one without, all of them.
        public let passedOver: [PassedOver]

        /// The one backup to restore; refused when none opened (77 when some did not open with
        /// the secret given, else 65) or when backups of several vaults did (64).
        public func taken(folder: String, source: String) throws(RestoreRefusal) -> BackupEntry {
            guard let first = candidates.first else { throw .noneOpened(folder: folder, passedOver: passedOver) }
            guard candidates.count == 1 else {
                throw .severalVaults(folder: folder, count: candidates.count, source: source, opened: candidates.map(\.name))
            }
            return first
        }
    }

    /// Chooses among the readable backups in `folder`, opening them with `credential` within
    /// `budget` (`KeyDerivationBudget()` for a restore; smaller in tests).
    public static func choose(
        in folder: String, credential: VaultCredential, budget: inout KeyDerivationBudget
    ) -> Outcome {
        let readable = BackupCatalog.entries(in: folder, comparedWith: nil).filter { $0.header != nil }
        return choose(among: readable, credential: credential, budget: &budget)
    }

    static func choose(
        among entries: [BackupEntry], credential: VaultCredential, budget: inout KeyDerivationBudget
    ) -> Outcome {
        // For each vault, the newest backup so far that opened and checked whole.
        var best: [[UInt8]: Int] = [:]
        var failures: [Int: Reason] = [:]
        /// True when `index` cannot be chosen any more: it claims no more than its vault's best.
        func outdone(_ index: Int) -> Bool {
            guard let taken = best[entries[index].header!.vaultID] else { return false }
            return !BackupEntry.isOlder(entries[taken], than: entries[index])
        }
        // Least new derivation work first (recounted after each file, as derived slots become
        // free); among equals, the newest claim first. A file claiming no more than a backup
        // already taken for its vault is not opened at all: it could not be chosen.
        var pending = Array(entries.indices)
        while true {
            pending.removeAll(where: outdone)
            guard !pending.isEmpty else { break }
            let work = pending.map { budget.newWork(unlocking: entries[$0].header!, with: credential) }
            var next = 0
            for position in pending.indices.dropFirst() {
                let (a, b) = (pending[position], pending[next])
                if work[position] < work[next]
                    || (work[position] == work[next] && BackupEntry.isOlder(entries[b], than: entries[a]))
                {
                    next = position
                }
            }
            let index = pending.remove(at: next)
            let entry = entries[index]
            do {
                let keys = try Vault.unlock(entry.header!, with: credential, sharing: &budget)
                // It opened and claims more than its vault's best so far: checked whole now.
                let report = try VaultCheck.run(path: entry.path, keys: keys).report
                if report.isGood, !outdone(index) {
                    best[entry.header!.vaultID] = index
                } else {
                    failures[index] = .problems(report.problems)
                }
            } catch VaultError.tooMuchKeyDerivation {
                // Every file left needs at least as much new work as this one: none is tried.
                failures[index] = .notTried
                for rest in pending { failures[rest] = .notTried }
                break
            } catch {
                failures[index] = reason(for: error)
            }
        }

        // Vault by vault (in the order they appear in the folder): its best, and newest claim
        // first, the files claiming more that were passed over.
        var vaultIDs: [[UInt8]] = []
        for entry in entries.reversed() where !vaultIDs.contains(entry.header!.vaultID) {
            vaultIDs.append(entry.header!.vaultID)
        }
        var candidates: [BackupEntry] = []
        var passedOver: [PassedOver] = []
        for vaultID in vaultIDs {
            let newestFirst = entries.indices.filter { entries[$0].header!.vaultID == vaultID }
                .sorted { BackupEntry.isOlder(entries[$1], than: entries[$0]) }
            for index in newestFirst {
                if index == best[vaultID] {
                    candidates.append(entries[index])
                    break
                }
                passedOver.append(PassedOver(entry: entries[index], reason: failures[index] ?? .notTried))
            }
        }
        return Outcome(candidates: candidates, passedOver: passedOver)
    }

    private static func reason(for error: any Error) -> Reason {
        switch error as? VaultError {
        case .wrongSecret?, .noMatchingSlot?: .doesNotOpen
        case .damaged(let detail)?: .damaged(detail)
        case .tooMuchKeyDerivation?: .notTried
        default: .failed(error)
        }
    }
}
