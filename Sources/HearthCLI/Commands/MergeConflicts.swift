import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthRecords
import HearthVault

/// `hearth merge --conflicts`: every conflict copy a sync tool left beside the vault
/// (`ConflictCopies`) is merged as `hearth merge COPY` would merge it, all in one save; the
/// saved vault is checked in full and each copy merged again into it in memory, and only a copy
/// under the vault's own keys that then changes nothing is removed (`MergePlanner.disposal`).
/// A copy under other or untrusted keys is only added from and kept; a damaged one, or one
/// that does not open, is left as it is and named.
extension Merge {
    func mergeConflictCopies() throws {
        let vaultPath = vault.path
        ConflictCopyNote.listedHere()
        let copies = ConflictCopies.find(besideVault: vaultPath)
        guard !copies.isEmpty else {
            if json { try Console.json(ConflictJSON.mergeConflicts(copies: [], saved: false, dryRun: dryRun)) }
            Console.message(.noConflictCopies(vaultPath: vaultPath))
            return
        }
        // The copies are only read: never told to the trust context (as merge's OTHER).
        let header = try Vault.readHeader(at: vaultPath).header
        let (credential, keys) = try vault.opening { ($0, try Vault.unlock(header, with: $0)) }
        try CommandTrust.openedForChange(vaultPath, header: header, identity: keys.epoch.identity)

        // Every copy is opened and checked in full before the lock (a copy under other keys may
        // ask for its passphrase); one that cannot be is left as it is.
        var opened: [OpenedConflictCopy] = []
        var left: [(copy: ConflictCopy, error: Error)] = []
        for copy in copies {
            do {
                opened.append(try open(copy, vaultHeader: header, vaultKeys: keys, credential: credential))
            } catch {
                left.append((copy, error))
            }
        }

        let lock = try WriterLock(vaultPath: vaultPath, timeout: VaultLocation.lockTimeout, environment: Environment.all)
        defer { withExtendedLifetime(lock) {} }
        let kept: Message = dryRun ? .keptDryRun : .keptNothingMerged
        var mergedVault: RecordVault?
        let (merged, disposals) = try ProgressLine.shared.clearedAfter {
            try StopRequest.catching(whatWasKept: kept) { stop -> ([OpenedConflictCopy], [ConflictCopyDisposal]) in
                let mine = try ProgressLine.shared.during(ProgressLine.opening) {
                    try RecordVault.open(at: vaultPath, credential: .keys(keys.epoch), writeGuard: CommandTrust.current)
                }
                var merged = opened
                var changed = false
                for i in merged.indices {
                    merged[i].report = try RecordMerge.merge(
                        from: merged[i].records.store, into: mine.store, trust: merged[i].trust.level
                    ) { done, total in
                        try stop.check()
                        ProgressLine.shared.count(.progressMerging, done, of: total)
                    }
                    changed = changed || merged[i].report!.changedSomething
                }
                try stop.check()
                if changed && !dryRun {
                    ProgressLine.shared.status(.progressSaving)
                    try mine.save()
                    RecordAccess.tellFormatUpgrade(mine)
                }
                mergedVault = mine
                return (merged, try verify(merged, vaultPath: vaultPath, keys: keys))
            }
        }
        var removed: [String: Int32] = [:]  // path: 0, or why it could not be removed
        for (copy, disposal) in zip(merged, disposals) where disposal == .remove {
            removed[copy.copy.path] = unlink(copy.copy.path) == 0 ? 0 : errno
        }
        if !removed.isEmpty { try? AtomicFileWriter.syncFolder(of: vaultPath) }
        try tell(merged, disposals: disposals, removed: removed, left: left)
        // After the merge: a save of this computer that it brought back is not said missing.
        if !dryRun, let mergedVault { MissingSaveNote.check(mergedVault) }
        if let first = left.first {
            throw ExitCode(FailureReport.failure(for: first.error).status.rawValue)
        }
    }

    /// Opens a copy (`ConflictCopyMerge.open`): a copy under other keys asks for its own secret,
    /// as merge asks; a session's key, or the epoch key, fits only its own epoch.
    private func open(
        _ copy: ConflictCopy, vaultHeader: VaultHeader, vaultKeys: UnlockedKeys, credential: VaultCredential
    ) throws -> OpenedConflictCopy {
        let secret: VaultCredential? = switch credential {
        case .passphrase, .recoveryKey: credential
        case .epochKey, .keys, .session: nil
        }
        return try ConflictCopyMerge.open(
            copy, vaultHeader: vaultHeader, vaultKeys: vaultKeys,
            askSecret: { try otherSecret.unlock(path: copy.path, header: $0, vaultCredential: secret) },
            checking: { check in try ProgressLine.shared.during(.progressCheckingOtherCopy) { try check() } },
            trusts: { CommandTrust.current.trusts($0, of: $1) })
    }

    /// Reads the saved vault back and checks it in full, then decides each copy's fate.
    private func verify(_ merged: [OpenedConflictCopy], vaultPath: String, keys: UnlockedKeys) throws -> [ConflictCopyDisposal] {
        guard !merged.isEmpty else { return [] }
        guard !dryRun else { return try ConflictCopyMerge.disposals(merged, check: nil, saved: nil, dryRun: true) }
        let (check, saved) = try ProgressLine.shared.during(.progressCheckingMergedVault) { try VaultCheck.run(path: vaultPath, keys: keys) }
        return try ConflictCopyMerge.disposals(merged, check: check, saved: saved, dryRun: false)
    }

    private func tell(
        _ merged: [OpenedConflictCopy], disposals: [ConflictCopyDisposal], removed: [String: Int32],
        left: [(copy: ConflictCopy, error: Error)]
    ) throws {
        if json {
            let copies = zip(merged, disposals).map { copy, disposal in
                let why: String? = if case .keep(let reason) = disposal { reason.jsonWord } else { nil }
                return ConflictJSON.mergedCopy(
                    copy.copy, removed: removed[copy.copy.path] == 0, keptBecause: why, merge: copy.report!, dryRun: dryRun)
            } + left.map { ConflictJSON.leftCopy($0.copy) }
            let saved = !dryRun && merged.contains { $0.report!.changedSomething }
            try Console.json(ConflictJSON.mergeConflicts(copies: copies, saved: saved, dryRun: dryRun))
        } else {
            for copy in merged {
                let lines = copy.report!.lines
                if !lines.isEmpty { try Console.output(lines.joined(separator: "\n")) }
            }
        }
        for (copy, disposal) in zip(merged, disposals) {
            let name = copy.copy.path
            switch disposal {
            case .remove where removed[name] == 0:
                Console.message(.conflictCopyMergedAndRemoved(path: name, report: copy.report!))
            case .remove:
                Console.message(.conflictCopyMergedNotRemoved(path: name, errno: removed[name] ?? 0))
            case .keep(let why):
                Console.message(.conflictCopyMergedKept(path: name, report: copy.report!, because: .of(why)))
            }
        }
        for item in left {
            let failure = FailureReport.failure(for: item.error)
            let why: Message.ConflictCopyLeftReason = switch failure.status {
            case .wrongSecret: .doesNotOpen
            case .invalidData: .damaged
            case .refused: .hasProblems
            default: .other(failure.message)
            }
            Console.message(.conflictCopyLeft(path: item.copy.path, because: why))
        }
    }
}

/// The one line every command says on a terminal when conflict copies lie beside the vault
/// (`hearth status` lists them; `hearth merge --conflicts` merges them). Said once, at the end
/// of the command, only when stderr is a terminal: scripts and pipes never see it.
enum ConflictCopyNote {
    /// The vault this command works on (from its options).
    static func note(vaultPath path: String) { HearthContext.current.run.conflictCopyNote.vaultPath = path }

    /// This command lists or merges the copies itself: no extra line.
    static func listedHere() { HearthContext.current.run.conflictCopyNote.said = true }

    static func sayOnceIfAny() {
        guard Console.stderrIsTerminal else { return }
        let copies = HearthContext.current.run.conflictCopyNote.takeCopiesToMention()
        if !copies.isEmpty { Console.message(.conflictCopiesBeside(count: copies.count)) }
    }
}
