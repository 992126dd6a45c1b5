import Foundation
import Testing
@testable import HearthDrafts

/// Which editor family a program is, which arguments and environment it gets: tables, in process.
/// The end-to-end tests (EditingTests, EditorTraceTests) drive real editors with these.
struct EditorHardeningTests {
    @Test(arguments: [
        ("vi", EditorHardening.Family.vim), ("/usr/bin/vim", .vim), ("nvim", .vim), ("vim.tiny", .vim), ("gvim", .vim),
        ("nano", .nano), ("rnano", .nano), ("emacs", .emacs), ("emacs29", .emacs), ("emacs-nox", .emacs),
        ("emacsclient", .emacsClient), ("micro", .micro), ("kak", .kakoune), ("hx", .helix), ("helix", .helix),
        ("code", .other), ("emacsx", .other), ("vimlike", .other), ("busybox", .other), ("", .other),
    ])
    func familyByName(_ name: String, _ family: EditorHardening.Family) {
        #expect(EditorHardening.family(named: name) == family)
    }

    /// The real file decides: a `vi` that is really nano never gets vim's flags.
    @Test func familyFollowsLinksOnThePath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-drafts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let nano = folder + "/nano"
        FileManager.default.createFile(atPath: nano, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: folder + "/vi", withDestinationPath: nano)
        #expect(EditorHardening.family(of: "vi", searchPath: folder) == .nano)
        #expect(EditorHardening.family(of: folder + "/vi", searchPath: nil) == .nano)
        // Not found: the name decides.
        #expect(EditorHardening.family(of: "vi", searchPath: folder + "/none") == .vim)
    }

    @Test func vimGetsNoSwapNoViminfoAndSettingsAfterTheVimrc() {
        let arguments = EditorHardening.arguments(for: .vim, folder: "/tmp/x", environment: [:])
        #expect(Array(arguments.prefix(4)) == ["-f", "-n", "-i", "NONE"])
        #expect(arguments.contains("--cmd") && arguments.last == EditorHardening.vimSettings)
        for setting in ["noswapfile", "noundofile", "nobackup nowritebackup", "viminfo=", "viminfofile=NONE"] {
            #expect(EditorHardening.vimSettings.contains(setting))
        }
        #expect(EditorHardening.vimEvents.contains("BufWritePre") && EditorHardening.vimEvents.contains("VimLeavePre"))
    }

    @Test(arguments: [
        (EditorHardening.Family.nano, ["--ignorercfiles", "--nohelp"]), (.emacs, ["--eval", EditorHardening.emacsSettings]),
        (.emacsClient, []), (.kakoune, []), (.helix, []), (.other, []),
    ])
    func argumentsPerFamily(_ family: EditorHardening.Family, _ expected: [String]) {
        #expect(EditorHardening.arguments(for: family, folder: "/tmp/x", environment: [:]) == expected)
    }

    @Test func emacsKeepsNoBackupsAutoSavesOrLocks() {
        for setting in ["make-backup-files nil", "auto-save-default nil", "create-lockfiles nil", "savehist-mode"] {
            #expect(EditorHardening.emacsSettings.contains(setting))
        }
    }

    /// micro's own settings are copied without any key that writes a copy, also in nested sections.
    @Test func microConfigurationDropsPersistenceKeys() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-micro-\(UUID().uuidString)").path
        let own = root + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let settings = #"{"backup": true, "tabsize": 2, "*.md": {"saveundo": true, "softwrap": true}}"#
        FileManager.default.createFile(atPath: own + "/settings.json", contents: Data(settings.utf8))
        let arguments = EditorHardening.arguments(for: .micro, folder: root, environment: ["MICRO_CONFIG_HOME": own])
        #expect(arguments.starts(with: ["-config-dir", root + "/.micro", "-backup", "false"]))
        let written = try #require(FileManager.default.contents(atPath: root + "/.micro/settings.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect(object["backup"] == nil && object["tabsize"] as? Int == 2)
        let nested = try #require(object["*.md"] as? [String: Any])
        #expect(nested["saveundo"] == nil && nested["softwrap"] as? Bool == true)
    }

    @Test(arguments: [
        (["VISUAL": "nano", "EDITOR": "vim"], "nano"), (["VISUAL": "", "EDITOR": "vim -u NONE"], "vim -u NONE"),
        ([:], "vi"), (["EDITOR": ""], "vi"),
    ])
    func editorCommandPrefersVisual(_ environment: [String: String], _ command: String) {
        var environment = environment
        environment["PATH"] = "/nonexistent"
        #expect(EditorHardening.editorCommand(environment: environment, folder: "/tmp/x").command == command)
    }

    @Test func editorEnvironmentHoldsNothingOfHearths() {
        let environment = [
            "PATH": "/bin", "HOME": "/h", "LC_ALL": "C", "HEARTH_PASSPHRASE": "secret", "HEARTH_VAULT": "/v",
            "SSH_AUTH_SOCK": "/s", "TERM": "xterm",
        ]
        let kept = Set(EditorHardening.scrubbedEnvironment(environment))
        #expect(kept == ["PATH=/bin", "HOME=/h", "LC_ALL=C", "TERM=xterm"])
    }
}
