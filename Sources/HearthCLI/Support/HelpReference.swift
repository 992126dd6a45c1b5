import CPlatform
import HearthExitCodes

/// What `hearth --help` ends with, and what the manual pages' EXIT STATUS, ENVIRONMENT and FILES
/// sections are made from (Scripts/manual reads them from the root command's discussion): the exit
/// codes and environment variables of the command-line contract (Docs/CLI.md), and where Hearth
/// keeps its files. Help text, not messages: it describes the command, like an abstract.
enum HelpReference {
    /// The end of `hearth --help`: three headed lists in the layout of the parser's own sections
    /// (a name, then its meaning, wrapped under itself to fit 80 columns).
    static var epilogue: String {
        [
            section("EXIT CODES", ExitStatus.allCases.map { (String($0.rawValue), $0.meaning) }),
            section("ENVIRONMENT", CommandLineContract.environment),
            section("FILES", CommandLineContract.files),
        ].joined(separator: "\n\n")
    }

    static func section(_ title: String, _ rows: [(String, String)], columns: Int = 80) -> String {
        let indent = min((rows.map(\.0.count).max() ?? 0) + 4, 28)
        let lines = rows.flatMap { name, meaning -> [String] in
            var lines: [String] = []
            var line = "  " + name
            if line.count + 2 > indent { lines.append(line); line = "" }
            line += String(repeating: " ", count: indent - line.count)
            var first = true
            for word in meaning.split(separator: " ") {
                if !first, line.count + 1 + word.count > columns - 1 {
                    lines.append(line)
                    line = String(repeating: " ", count: indent)
                    first = true
                }
                line += (first ? "" : " ") + word
                first = false
            }
            return lines + [line]
        }
        return title + ":\n" + lines.joined(separator: "\n")
    }
}

/// `hearth --version` (or `-V`): the version, and the commit it was built from when the build
/// was told (Scripts/install passes it as a C define); a plain `swift build` says so honestly.
enum BuildVersion {
    static let number = "0.1.0"

    static var commit: String? {
        guard let text = hearth_build_commit() else { return nil }
        let commit = String(cString: text)
        return commit.isEmpty ? nil : commit
    }

    static var text: String { "hearth \(number) (commit \(commit ?? "unknown"))" }
}
