import Foundation
import HearthCrypto
import HearthDrafts
import HearthMessages
import HearthPractice
import HearthRecords
import HearthRunContext
import HearthVault

/// Storing a practice's answers, and keeping what cannot be stored as a private draft (a
/// `PracticeDraft` document in the memory-only draft folder, with the care of every draft:
/// `PrivateEditor`, Docs/SECURITY.md), saved later by `hearth practice --draft PATH`.
enum PracticeDrafts {
    static let command = "hearth practice"

    /// Stores `draft` in one transaction, or keeps all of it as a draft (the failure says where;
    /// a signal, `stopped`, also ends a wait for another writer). Changes about records deleted
    /// meanwhile are kept and the note returned says so (nil: all stored).
    static func store(_ draft: PracticeDraft, access: RecordAccess, stopped: @escaping @Sendable () -> Int32?) throws -> Message? {
        let stored: PracticeStored
        do {
            stored = try access.change(givingUp: { stopped() != nil }) { try draft.changes.apply(to: $0, now: HearthClock.current.recordNow()) }
        } catch {
            if let signal = stopped() {
                var failure = FailureReport.failure(for: error)
                if case VaultError.busy = error { failure = CLIFailure(.busy, .practiceStoppedBeforeSave(ctrlC: signal == SIGINT)) }
                throw Stopped(signal: signal, message: keeping(draft, failure: failure).message)
            }
            throw keeping(draft, failure: FailureReport.failure(for: error))
        }
        if stored.isComplete { return stored.missing.isEmpty ? nil : .practiceSavedWithoutLink(missing: stored.missing) }
        let leftOver = PracticeDraft(practice: draft.practice, changes: stored.leftOut, origin: draft.origin)
        guard let path = keep(leftOver) else { throw CLIFailure(.cannotCreate, .practiceLeftOutNotKept(missing: stored.missing)) }
        return .practiceSavedExcept(missing: stored.missing, path: path, folder: PathName.folder(of: path), nothingElse: stored.storedNothing)
    }

    /// `hearth practice --draft PATH`: stores a kept draft into the vault as it is now, then
    /// wipes it (only Hearth's own). On failure the draft stays where it is, unchanged; a draft
    /// written for another vault is refused unless `intoThisVault`.
    static func save(_ path: String, vault: VaultOptions, intoThisVault: Bool = false) throws {
        guard var bytes = try BoundedInput.draft(path) else { throw CLIFailure(.notFound, .noDraftAt(path)) }
        defer { Memory.wipe(&bytes) }
        let draft: PracticeDraft
        do { draft = try PracticeDraft(reading: bytes, now: HearthClock.current.recordNow()) } catch {
            throw CLIFailure(.invalidData, .draftUnchanged(FailureReport.failure(for: error).message, path: path))
        }
        let access = try TemplateEditing.retrying(draft: path, command: command) { try RecordAccess.open(vault, forChange: true) }
        try access.requirePlacement(of: draft.origin, draft: path, command: command, intoThisVault: intoThisVault)
        let stored = try TemplateEditing.retrying(draft: path, command: command) {
            try access.change { try draft.changes.apply(to: $0, now: HearthClock.current.recordNow()) }
        }
        guard stored.isComplete else {
            let folder = DraftFolders.isKeptDraft(path) ? PathName.folder(of: path) : nil
            return Console.message(.practiceSavedExcept(missing: stored.missing, path: path, folder: folder, nothingElse: stored.storedNothing))
        }
        let wiped = DraftFolders.isKeptDraft(path)
        TemplateEditing.wipeDraft(path)
        Console.message(stored.missing.isEmpty ? .practiceDraftSaved(wiped: wiped) : .practiceSavedWithoutLink(missing: stored.missing))
    }

    /// A new private draft holding `draft`; nil when none could be made or written.
    private static func keep(_ draft: PracticeDraft) -> String? {
        guard let editor = try? PrivateEditor.prepare(fileName: PracticeDraft.fileName), (try? editor.write(draft.text)) != nil else { return nil }
        if let path = editor.keep() { return path }
        DraftFolders.wipeFolder(editor.folder)  // not markable as kept: a later Hearth would wipe it unseen
        return nil
    }

    /// The failure, with where the practice's draft is kept (or that it could not be).
    private static func keeping(_ draft: PracticeDraft, failure: CLIFailure) -> CLIFailure {
        guard let path = keep(draft) else { return CLIFailure(failure.status, .practiceNotKept(failure.message)) }
        return CLIFailure(failure.status, .practiceDraftKept(failure.message, path: path, folder: PathName.folder(of: path)))
    }
}
