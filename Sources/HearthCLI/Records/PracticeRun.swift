import ArgumentParser
import Foundation
import HearthMessages
import HearthPractice
import HearthRecordText
import HearthRecords
import HearthRunContext

/// Wires a practice (HearthPractice) to the terminal and the vault: unlock first (a wrong
/// passphrase never costs an answer), run the flow, then store what was written however the
/// flow ended, and say so.
struct PracticeRun {
    let vault: VaultOptions

    func run(_ practice: Practice?, after: Bool = false, minutes: Double? = nil) throws {
        guard Console.hasTerminal else { throw CLIFailure(.usage, .practiceNeedsTerminal) }
        let access = try RecordAccess.open(vault, forChange: true)
        let data = try access.store.read { try PracticeData.read(from: $0) }
        let clock = HearthClock.current
        let terminal = PracticeTerminal()
        // Released only after the save: a second Ctrl-C meanwhile waits for it to complete.
        defer { terminal.release() }
        let session = PracticeSession(prompt: terminal, data: data, clock: { clock.now() }, timeZone: clock.timeZone)
        let ending = session.run(practice, after: after, minutes: minutes)
        let changes = session.changes
        if !changes.isEmpty { try save(changes, access: access) }
        if let said = Message.practiceEnded(ending, saved: !changes.isEmpty, goOn: changes.goOn(practice)) { Console.message(said) }
        if case .stopped(let signal) = ending { throw ExitCode(128 + signal) }
    }

    /// One transaction. When it cannot be saved (a busy vault, a full disk), a new record is kept
    /// as a private draft (as at `add`'s prompt) and the message says how to save it.
    private func save(_ changes: PracticeChanges, access: RecordAccess) throws {
        do {
            try access.change { try changes.apply(to: $0, now: HearthClock.current.recordNow()) }
        } catch {
            let records = changes.newRecords
            guard records.count == 1, changes.changes.count == 1, let draft = try? PrivateEditor.prepare() else { throw error }
            let kind = records[0].kind
            let text = RecordTemplate.render(
                kind: kind, values: RecordJSON.object(for: records[0]), people: [],
                intro: "A \(kind.singular) written in a practice that could not be saved yet.")
            guard (try? draft.write(text)) != nil else { throw error }
            throw TemplateEditing.keeping(draft, failure: FailureReport.failure(for: error), command: "hearth \(kind.commandName) add --edit")
        }
    }
}
