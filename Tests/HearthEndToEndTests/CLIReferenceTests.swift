import Foundation
import HearthTestSupport
import Testing

/// Docs/CLI.md is the reference a person and a script writer rely on: every command and every
/// option the binary defines (`--experimental-dump-help`, the definitions `--help`, the manual
/// pages and the completions come from) must be in it (Scripts/cli-reference writes that part);
/// and `hearth --help` must end with the exit codes, every environment variable and the files.
@Suite("CLI reference", .ownThreads)
struct CLIReferenceTests {
    /// The parser's own flags, and the option that --accept-keys replaces.
    static let notListed: Set<String> = ["help", "h", "version", "help-hidden", "experimental-dump-help", "accept-older-keys"]

    /// Every (command path, long option names) the binary defines, shown or hidden.
    static func definitions() throws -> [(path: String, options: [String])] {
        let sandbox = Sandbox()
        let dump = sandbox.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout)) as? [String: Any])
        var found: [(String, [String])] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            let options = arguments.flatMap { argument -> [String] in
                let names = argument["names"] as? [[String: Any]] ?? []
                return names.compactMap { $0["kind"] as? String == "long" ? $0["name"] as? String : nil }
            }.filter { !notListed.contains($0) }
            found.append((path.joined(separator: " "), options))
            for sub in command["subcommands"] as? [[String: Any]] ?? []
            where sub["shouldDisplay"] as? Bool ?? true && sub["commandName"] as? String != "help" {
                walk(sub, path + [sub["commandName"] as? String ?? "?"])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), ["hearth"])
        return found
    }

    @Test func everyCommandAndOptionIsInDocsCLI() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("Docs/CLI.md"), encoding: .utf8)
        let definitions = try Self.definitions()
        #expect(definitions.count > 40)
        for (path, options) in definitions where path != "hearth" {
            #expect(doc.contains("### `\(path)`"), "Docs/CLI.md has no heading for \(path) (run Scripts/cli-reference)")
            for option in options {
                #expect(doc.contains("`--\(option)"), "Docs/CLI.md does not name --\(option) of \(path)")
            }
        }
    }

    /// The generated part of Docs/CLI.md is exactly what Scripts/cli-reference makes of today's
    /// definitions: help text, usage lines and options, not only the names.
    @Test func docsCLIIsWhatTheScriptMakesOfTheDefinitions() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { try Test.cancel("python3 is needed") }
        let dump = Sandbox().run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        script.arguments = [packageRoot.appendingPathComponent("Scripts/cli-reference").path, "--check"]
        let input = Pipe()
        let errors = Pipe()
        script.standardInput = input
        script.standardError = errors
        try script.run()
        try input.fileHandleForWriting.write(contentsOf: Data(dump.stdout))
        try input.fileHandleForWriting.close()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0, "\(said)")
    }

    @Test func helpEndsWithExitCodesEnvironmentAndFiles() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("Docs/CLI.md"), encoding: .utf8)
        let sandbox = Sandbox()
        let help = sandbox.run(["--help"])
        #expect(help.status == 0)
        let text = help.out
        let tail = text.range(of: "EXIT CODES:").map { String(text[$0.lowerBound...]) } ?? ""
        #expect(tail.contains("ENVIRONMENT:") && tail.contains("FILES:"), "\(text.suffix(300))")
        for code in ["0", "1", "64", "65", "66", "69", "73", "74", "75", "77"] {
            #expect(tail.contains("\n  \(code) "), "exit code \(code) is missing")
        }
        for variable in ["HEARTH_VAULT", "HEARTH_PASSPHRASE", "HEARTH_NEW_PASSPHRASE", "HEARTH_KDF", "HEARTH_VERBOSE",
                         "HEARTH_LOCK_TIMEOUT", "HEARTH_BACKUP_PASSPHRASE", "HEARTH_OTHER_PASSPHRASE", "NO_COLOR"] {
            #expect(tail.contains(variable), "\(variable) is missing")
            #expect(doc.contains("`\(variable)`"), "Docs/CLI.md does not name \(variable)")
        }
        #expect(tail.contains("vault.hearth"))
        // Only the root's help ends so; a command's help is its own.
        #expect(!sandbox.run(["journal", "--help"]).out.contains("EXIT CODES:"))
    }

    @Test func versionNamesTheCommitOrSaysItIsUnknown() {
        let sandbox = Sandbox()
        for flag in ["--version", "-V"] {
            let version = sandbox.run([flag])
            #expect(version.status == 0)
            #expect(version.out.wholeMatch(of: /hearth \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}(-modified)?|unknown)\)\n/) != nil, "\(version.out)")
        }
    }
}
