import Foundation
import HearthCrypto
import HearthDrafts
import HearthMessages
import HearthRecordText
import HearthRunContext
import HearthVault
import HearthRecords

/// `$EDITOR` on a record template until it yields a valid record: invalid input reopens the
/// editor (on a terminal, when the person wants) with a note saying what to fix; otherwise
/// the draft is kept in its private memory-only folder and the message says where.
struct TemplateEditing {
    let kind: RecordKind
    let access: RecordAccess
    let command: String

    /// What came of the editor: a record, or nothing to save.
    enum Outcome {
        case record(AnyRecord)
        /// The person emptied the file (cancelled).
        case emptied
        /// The editor was closed on a new template as it was: nothing was written.
        case unchanged
    }

    /// Runs the editor on `template`. With `newTemplate`, closing it unchanged means nothing to
    /// save (not an empty record, nor a draft kept with everyone's names in it).
    func run(editor: PrivateEditor, template: String, newTemplate: Bool = false, build: (JSONObject) throws -> AnyRecord) throws -> Outcome {
        var text = try editor.edit(initial: template)
        if newTemplate, text == template {
            editor.wipe()
            return .unchanged
        }
        while true {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                editor.wipe()
                return .emptied
            }
            do {
                return .record(try Self.record(from: text, kind: kind, access: access, build: build))
            } catch let interrupted as Interrupted {
                // Stopped at a question about the draft (which of several people): a kept draft
                // opened again stays kept; a new one is wiped, as after Ctrl-C in the editor.
                guard editor.adopted, let kept = editor.keep() else {
                    editor.wipe()
                    throw Interrupted(signal: interrupted.signal)
                }
                throw Interrupted(signal: interrupted.signal, keptDraft: kept)
            } catch {
                let failure = FailureReport.failure(for: error)
                guard failure.status == .invalidData || failure.status == .notFound || failure.status == .usage else { throw error }
                let problem = Self.problem(failure.message.text)
                if Console.hasTerminal, Console.confirm(.fixInEditor(problem: problem), defaultYes: true) {
                    text = try editor.editAgain(RecordTemplate.annotated(text, problem: problem))
                    continue
                }
                // Several people fit a name and no terminal to choose on: a usage error (64).
                let status: ExitStatus = failure.status == .usage ? .usage : .invalidData
                throw Self.keeping(editor, failure: CLIFailure(status, .couldNotSave(problem: problem)), command: command)
            }
        }
    }

    /// Parses a draft and builds its record (people's ids resolved).
    static func record(from text: String, kind: RecordKind, access: RecordAccess, build: (JSONObject) throws -> AnyRecord) throws -> AnyRecord {
        var fields = try RecordTemplate.parse(text, kind: kind, clock: HearthClock.current)
        try access.resolveLinks(in: &fields, from: .typed)
        return try build(fields)
    }

    /// The reason inside a failure message, without the "nothing was changed" tail.
    static func problem(_ message: String) -> String {
        var text = message
        for prefix in ["That input could not be used: "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if let end = text.range(of: ". Nothing was") { text = String(text[..<end.lowerBound]) }
        return text
    }

    /// Keeps the draft and adds where it is to the failure.
    static func keeping(_ editor: PrivateEditor, failure: CLIFailure, command: String) -> CLIFailure {
        guard let path = editor.keep() else {
            return CLIFailure(failure.status, .draftNotMarked(failure.message, file: editor.file, command: command))
        }
        return keptMessage(failure, path: path, command: command)
    }

    /// The failure, and where the draft is kept and how to save it.
    static func keptMessage(_ failure: CLIFailure, path: String, command: String) -> CLIFailure {
        let folder = PathName.folder(of: path)
        return CLIFailure(failure.status, .draftKept(failure.message, path: path, command: command, folder: folder))
    }

    /// Runs `body` (saving a draft given with `--draft`); when it fails, the message says that
    /// the draft is still where it was, unchanged: a retry never makes a second copy.
    static func retrying<T>(draft path: String, command: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let interrupted as Interrupted {
            // Stopped at a question (which of several people): the draft stays where it was.
            throw Interrupted(signal: interrupted.signal, keptDraft: interrupted.keptDraft ?? path)
        } catch {
            let failure = FailureReport.failure(for: error)
            guard DraftFolders.isKeptDraft(path) else {
                throw CLIFailure(failure.status, .draftUnchanged(failure.message, path: path))
            }
            throw keptMessage(CLIFailure(failure.status, failure.message), path: path, command: command)
        }
    }

    /// Reads a draft kept earlier.
    static func readDraft(_ path: String) throws -> String {
        guard var bytes = try BoundedInput.draft(path) else {
            throw CLIFailure(.notFound, .noDraftAt(path))
        }
        defer { Memory.wipe(&bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIFailure(.invalidData, .draftNotText(path))
        }
        return text
    }

    /// Wipes a kept draft once it is saved: only Hearth's own (`DraftFolders.isKeptDraft`), its
    /// whole private folder. A file of the person's own elsewhere is left as it is.
    static func wipeDraft(_ path: String) {
        guard DraftFolders.isKeptDraft(path) else { return }
        DraftFolders.wipeFolder(PathName.folder(of: path))
    }
}
