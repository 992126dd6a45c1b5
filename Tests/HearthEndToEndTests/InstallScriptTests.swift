import Foundation
import HearthTestSupport
import Testing

/// Scripts/install's own logic, without its release build (minutes; it is checked by hand, see
/// README "Install"): the already built test binary is installed (HEARTH_INSTALL_BINARY), and the
/// manual generator is a stand-in that writes the pages swift-argument-parser's generate-manual
/// would name (HEARTH_GENERATE_MANUAL), so that Scripts/manual's own part (the sections taken
/// from `hearth --help`, a page per command group) runs for real. Install, then uninstall, must
/// leave exactly what was there before.
@Suite("Install script", .ownThreads)
struct InstallScriptTests {
    static let standInGenerator = """
        #!/bin/sh
        # generate-manual TOOL [--multi-page] --output-directory DIR, as swift-argument-parser names pages
        tool=$1; shift; multi=; dir=
        while [ $# -gt 0 ]; do
            case $1 in --multi-page) multi=1 ;; --output-directory) dir=$2; shift ;; esac; shift
        done
        name=$(basename "$tool" | sed 's/^hearth-/hearth./')
        printf '.Dd December 6, 2026\\n.Dt X 1\\n.Os\\n.Sh NAME\\n.Nm %s\\n.Sh EXIT STATUS\\n.Ex -std\\n.Sh SEE ALSO\\n' "$name" > "$dir/$name.1"
        if [ -n "$multi" ]; then : > "$dir/$name.journal.add.1"; fi
        """

    /// Every file and folder under `root`, relative to it, sorted.
    static func tree(_ root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    }

    static func install(_ arguments: [String], sandbox: Sandbox, generator: String) -> ProcessResult {
        ProcessRunner.run(ProcessSpec(
            executable: packageRoot.appendingPathComponent("Scripts/install").path, arguments: arguments,
            environment: sandbox.environment.merging([
                "HEARTH_INSTALL_BINARY": hearthBinary, "HEARTH_GENERATE_MANUAL": generator,
                "PATH": "/usr/bin:/bin",
            ]) { $1 },
            stdin: nil, timeout: 120))
    }

    @Test func installThenUninstallLeavesTheDestdirAsItWas() throws {
        let sandbox = Sandbox()
        let generator = sandbox.root + "/generate-manual"
        try Self.standInGenerator.write(toFile: generator, atomically: true, encoding: .utf8)
        chmod(generator, 0o755)
        let destdir = sandbox.root + "/dest"
        // Someone else's page in the same folder: uninstall must leave it (and its folders).
        let others = destdir + "/opt/h/share/man/man1"
        try FileManager.default.createDirectory(atPath: others, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: others + "/other.1"))
        let before = Self.tree(destdir)

        let installed = Self.install(["--prefix", "/opt/h", "--destdir", destdir], sandbox: sandbox, generator: generator)
        #expect(installed.status == 0, "\(installed.err)")
        let root = destdir + "/opt/h"
        for path in ["bin/hearth", "share/man/man1/hearth.1", "share/man/man1/hearth.journal.1",
                     "share/man/man1/hearth.key.1", "share/bash-completion/completions/hearth",
                     "share/zsh/site-functions/_hearth", "share/fish/vendor_completions.d/hearth.fish"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + path), "\(path) is missing")
        }
        #expect(FileManager.default.isExecutableFile(atPath: root + "/bin/hearth"))
        // Only the group pages: the generator's page per subcommand is not installed.
        #expect(!FileManager.default.fileExists(atPath: root + "/share/man/man1/hearth.journal.add.1"))
        let page = try String(contentsOfFile: root + "/share/man/man1/hearth.1", encoding: .utf8)
        for section in [".Sh EXIT STATUS", ".Sh ENVIRONMENT", ".Sh FILES", ".Sh EXAMPLES", "Ev HEARTH_NEW_PASSPHRASE", ".It 77"] {
            #expect(page.contains(section), "hearth.1 lacks \(section)")
        }
        #expect(!page.contains(".Ex -std"), "the generator's standard exit line stays")
        let bash = try String(contentsOfFile: root + "/share/bash-completion/completions/hearth", encoding: .utf8)
        #expect(bash.contains("shut_down"), "--state words are not completed")

        let removed = Self.install(["--uninstall", "--prefix", "/opt/h", "--destdir", destdir], sandbox: sandbox, generator: generator)
        #expect(removed.status == 0, "\(removed.err)")
        #expect(Self.tree(destdir) == before)

        // An empty destdir is empty again.
        let empty = sandbox.root + "/empty"
        #expect(Self.install(["--destdir", empty], sandbox: sandbox, generator: generator).status == 0)
        #expect(FileManager.default.fileExists(atPath: empty + "/usr/local/bin/hearth"))
        #expect(Self.install(["--uninstall", "--destdir", empty], sandbox: sandbox, generator: generator).status == 0)
        #expect(Self.tree(empty) == [])
    }
}
