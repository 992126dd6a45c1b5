import Foundation

/// Which editor runs for a draft, with which hardening arguments and which environment: the
/// decisions; starting and waiting for the process is the command line's (`EditorProcess`).
extension EditorHardening {
    /// The editor command ($VISUAL, else $EDITOR, else vi) and the arguments that switch off its
    /// swap, backup, undo and history files, for a draft in `folder`.
    public static func editorCommand(environment: [String: String], folder: String) -> (command: String, hardening: [String]) {
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let program = command.split(separator: " ").first.map(String.init) ?? command
        let family = family(of: program, searchPath: environment["PATH"])
        return (command, arguments(for: family, folder: folder, environment: environment))
    }

    /// The only variables an editor needs; nothing of Hearth's own (no HEARTH_*).
    public static func scrubbedEnvironment(_ environment: [String: String]) -> [String] {
        let keep = ["PATH", "HOME", "TERM", "LANG", "LANGUAGE", "USER", "LOGNAME", "SHELL", "COLORTERM", "TERMINFO",
                    "DISPLAY", "WAYLAND_DISPLAY", "EDITOR", "VISUAL", "TZ"]
        return environment.compactMap { key, value in
            guard keep.contains(key) || key.hasPrefix("LC_") else { return nil }
            return "\(key)=\(value)"
        }
    }
}
