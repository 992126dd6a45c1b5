import ArgumentParser
import Foundation
import HearthDrafts
import HearthMessages
import HearthPractice
import HearthRunContext
import HearthVault

/// Wires a practice (HearthPractice) to the terminal and the vault: the menu first, then unlock
/// (a wrong passphrase never costs an answer), run the flow, then store what was written
/// however the flow ended (or keep it as a draft, `PracticeDrafts`), and say so.
struct PracticeRun {
    let vault: VaultOptions

    func run(_ practice: Practice?, after: Bool = false, minutes: Double? = nil) throws {
        guard Console.hasTerminal else { throw CLIFailure(.usage, .practiceNeedsTerminal) }
        let waiting = (try? DraftFolders.memoryBase(environment: Environment.all)).map { DraftFolders.keptDrafts(named: PracticeDraft.fileName, in: $0) } ?? []
        if let first = waiting.first { Console.message(.practiceDraftWaiting(first, others: waiting.count - 1)) }
        let clock = HearthClock.current
        var chosen = practice
        if chosen == nil {
            // No choice is asked for a vault that is not there.
            guard FileManager.default.fileExists(atPath: vault.path) else { throw VaultError.notFound(path: vault.path) }
            let menu = PracticeTerminal()
            let picked = PracticeSession(prompt: menu, data: PracticeData(), clock: { clock.now() }, timeZone: clock.timeZone).chooseFromMenu()
            menu.release()
            guard let picked = picked.chosen else { return try end(picked.ending, goOn: "hearth practice") }
            chosen = picked
        }
        let access = try RecordAccess.open(vault, forChange: true)
        let data = try access.store.read { try PracticeData.read(from: $0) }
        let terminal = PracticeTerminal()
        // Released only after the save: a signal meanwhile lets it complete (or ends a wait).
        defer { terminal.release() }
        let session = PracticeSession(prompt: terminal, data: data, clock: { clock.now() }, timeZone: clock.timeZone)
        let ending = session.run(chosen, after: after, minutes: minutes)
        let draft = PracticeDraft(practice: chosen, changes: session.changes, origin: access.draftOrigin())
        let note = draft.changes.isEmpty ? nil : try PracticeDrafts.store(draft, access: access, stopped: { terminal.signalWhileSaving() })
        let signalled = terminal.signalWhileSaving()
        try end(signalled.map { .stopped($0) } ?? ending, saved: !draft.changes.isEmpty, note: note, goOn: draft.changes.goOn(chosen))
    }

    /// Says how it ended and what was stored (`note`: what could not be, and where it is
    /// kept); ends with 128 + the signal after one.
    private func end(_ ending: PracticeEnding, saved: Bool = false, note: Message? = nil, goOn: String) throws {
        if let said = note ?? Message.practiceEnded(ending, saved: saved, goOn: goOn) { Console.message(said) }
        if case .stopped(let signal) = ending { throw ExitCode(128 + signal) }
    }
}
