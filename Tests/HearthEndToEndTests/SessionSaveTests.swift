import Foundation
import HearthTestSupport
import Testing

/// A record written through an unlocked session is not lost when the vault's keys change while
/// it is being written: the save finds that the session's key no longer fits, and then asks for
/// the passphrase on a terminal, or keeps the draft (and says where) without one.
@Suite(.serialized, .ownThreads) struct SessionSaveTests {
    /// An editor that changes the vault's keys (`change`, a shell command line) while "open",
    /// then writes the entry.
    func keyChangingEditor(_ box: SessionSandbox, name: String, change: String, text: String) throws -> String {
        let path = box.root + "/" + name
        let script = """
            #!/bin/sh
            \(change) >/dev/null 2>&1 || exit 9
            printf '%s\\n' '\(text)' >> "$1"
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o700)
        return path
    }

    @Test func withoutATerminalTheDraftIsKeptWhenTheKeysChangedWhileWriting() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock().status == 0)
        // passwd while the editor is open: same key epoch, another slot table.
        let passwd = "HEARTH_NEW_PASSPHRASE=changed-meanwhile '\(SessionSandbox.binary)' passwd --kdf minimum"
            + " --vault '\(box.vault)' --passphrase-file '\(box.passphraseFile)'"
        let editor = try keyChangingEditor(
            box, name: "passwd-editor.sh", change: passwd, text: "draft-canary written while the keys changed")
        let added = box.run(["journal", "add", "--edit"], env: ["EDITOR": editor])
        #expect(added.status == 77, "\(added.err)")
        #expect(added.err.contains("keys changed since it was unlocked") && added.err.contains("Your draft is kept at"), "\(added.err)")
        let kept = try #require(added.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        #expect(kept.hasPrefix(box.runtime), "the draft stays in the private memory-only folder: \(kept)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("draft-canary written while the keys changed"))

        // Saved later with the new passphrase; the draft is wiped once it is in the vault.
        let saved = box.run(["journal", "add", "--draft", kept], env: ["HEARTH_PASSPHRASE": "changed-meanwhile"])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(!FileManager.default.fileExists(atPath: kept))
        let listed = box.run(["journal", "list"], env: ["HEARTH_PASSPHRASE": "changed-meanwhile"])
        #expect(listed.out.contains("draft-canary written while the keys changed"))
    }

    @Test(.enabled(if: KeysTerminal.available)) func onATerminalThePassphraseIsAskedAndTheEntrySaved() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-before")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        // A rekey while the editor is open: the session's key is for the old key epoch now.
        let editor = try keyChangingEditor(
            box, name: "rekey-editor.sh",
            change: "'\(SessionSandbox.binary)' rekey --vault '\(box.vault)' --passphrase-file '\(box.passphraseFile)'",
            text: "terminal-canary kept through a rekey")
        var env = box.environment
        env["HEARTH_NO_TTY"] = nil
        env["EDITOR"] = editor
        let t = try KeysTerminal(arguments: ["journal", "add", "--edit"], environment: env)
        let asked = try t.answer("Passphrase (or recovery key)", with: "not the passphrase")
        #expect(asked.contains("keys changed since it was unlocked") && asked.contains("What you wrote is kept"), "\(asked)")
        try t.answer("Passphrase (or recovery key)", with: box.passphrase)
        try t.waitFor("Saved.")
        #expect(try t.finish() == 0, "\(t.transcript)")
        #expect(await ProcessState.exited(pid, seconds: 2), "the rekey ended the session")
        let listed = box.run(["journal", "list", "--passphrase-file", box.passphraseFile])
        #expect(listed.out.contains("terminal-canary kept through a rekey") && listed.out.contains("entry-canary-before"))
        let drafts = (try? FileManager.default.contentsOfDirectory(atPath: box.runtime)) ?? []
        // (`hearth` holds the sessions, `hearth-locks` the writer locks.)
        #expect(!drafts.contains { $0.hasPrefix("hearth-") && $0 != "hearth" && $0 != "hearth-locks" }, "no draft left: \(drafts)")
    }
}

extension SessionSaveTests {
    /// Text typed at the guided prompt has no file of its own: when it cannot be saved, it
    /// becomes a kept draft in the private memory-only folder, and the message says where.
    @Test(.enabled(if: KeysTerminal.available)) func textTypedAtThePromptIsKeptAsADraftWhenItCannotBeSaved() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock().status == 0)
        var env = box.environment
        env["HEARTH_NO_TTY"] = nil
        let t = try KeysTerminal(arguments: ["journal", "add"], environment: env)
        try t.waitFor("a line with only . goes on")
        try box.advanceKeyEpoch()  // the keys change while the person is typing
        try t.type("prompt-canary typed by hand")
        try t.type(".")
        // The further fields skipped with Enter, each once its question is on the screen (a
        // field read alone does not tell them apart from other reads while saving); then the
        // passphrase is asked, and given no answer once it is read with echo off.
        for field in ["Feelings", "Starred"] { try t.answer(field, with: "") }
        try t.waitFor("Passphrase (or recovery key)", timeout: 20)
        _ = try t.waitUntilReading(.echoOff)
        try t.type("")
        let told = try t.waitFor("--draft")
        #expect(try t.finish() == 77)
        let kept = try #require(told.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        #expect(kept.hasPrefix(box.runtime), "\(kept)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("prompt-canary typed by hand"))
        let saved = box.run(["journal", "add", "--draft", kept, "--passphrase-file", box.passphraseFile])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(box.run(["journal", "list", "--passphrase-file", box.passphraseFile]).out.contains("prompt-canary typed by hand"))
        #expect(!FileManager.default.fileExists(atPath: kept))
    }
}
