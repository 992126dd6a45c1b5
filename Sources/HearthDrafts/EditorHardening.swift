import Foundation

/// What Hearth tells the editors it knows so that they keep no copy of a draft outside its
/// private memory-only folder: no swap, backup, undo, auto-save, viminfo/shada or history files.
///
/// The settings must win over the person's own configuration, which editors read after their
/// command line: vim runs `--cmd` before the vimrc, so the settings are given again with `-c`
/// (after the vimrc, the plugins and the loading of the draft) and as autocommands that apply
/// them anew for every buffer, before every write and on leaving. Docs/SECURITY.md lists what
/// each editor gets and why; the end-to-end test drives the real vim with a vimrc that turns every
/// such file on.
public enum EditorHardening {
    public enum Family: Equatable, Sendable {
        /// vim and its names (vi, view, ex, rvim, gvim, vimx, mvim, vim.basic, vim.tiny…) and neovim.
        case vim
        case nano
        case emacs
        /// emacsclient edits inside an Emacs that is already running, with that Emacs's settings.
        case emacsClient
        case micro
        /// Kakoune and Helix keep no swap, undo or history files: nothing to switch off.
        case kakoune
        case helix
        case other
    }

    /// The family of the program that will really run: the name given and, following PATH and
    /// symbolic links, the file it ends in (`vi` → `vim.basic`, `editor` → `nano`, `vi` →
    /// `busybox`). When the name can be followed, the real file decides, so that vim's flags
    /// never reach a `vi` that is really busybox or nano.
    public static func family(of program: String, searchPath: String?) -> Family {
        // A wrapper script with an editor's name (Debian's /usr/libexec/neovim/vim) counts as it.
        guard let resolved = resolve(program, searchPath: searchPath) else { return family(named: program) }
        return family(named: resolved)
    }

    public static func family(named program: String) -> Family {
        let name = program.split(separator: "/").last.map(String.init) ?? program
        let vimNames: Set<String> = [
            "vi", "vim", "nvim", "view", "ex", "rvim", "rview", "vimdiff", "gvim", "gview", "rgvim", "rgview",
            "gvimdiff", "evim", "eview", "vimx", "mvim",
        ]
        if vimNames.contains(name) || name.hasPrefix("vim.") { return .vim }
        if ["nano", "rnano", "nano-tiny"].contains(name) { return .nano }
        if name == "emacsclient" { return .emacsClient }
        if name == "emacs" || name.hasPrefix("emacs-") || (name.hasPrefix("emacs") && name.dropFirst(5).allSatisfy(\.isNumber)) {
            return .emacs
        }
        if name == "micro" { return .micro }
        if name == "kak" { return .kakoune }
        if name == "hx" || name == "helix" { return .helix }
        return .other
    }

    /// The real file behind `program` (through PATH when it has no slash), or nil.
    public static func resolve(_ program: String, searchPath: String?) -> String? {
        var candidates: [String] = []
        if program.contains("/") {
            candidates = [program]
        } else {
            candidates = (searchPath ?? "/usr/bin:/bin").split(separator: ":").map { ($0.isEmpty ? "." : String($0)) + "/" + program }
        }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            guard let real = realpath(candidate, nil) else { continue }
            defer { free(real) }
            return String(cString: real)
        }
        return nil
    }

    /// Vim's settings, for one buffer and for the session: no swap file, no undo file, no backup
    /// (kept or while writing), no patchmode copy, no viminfo (neovim: shada, whose option names
    /// are aliases of these), no verbose log, and no modelines: a draft holds text that came from
    /// a merge or an import, and a `vim: set …:` line in it must not set options (or run
    /// anything). One `silent!` command each: small builds (vim.tiny) lack some of these options,
    /// and vim stops a `:set` at the first option it does not know.
    public static let vimSettings = [
        "setlocal noswapfile", "setlocal noundofile", "set nobackup nowritebackup", "set patchmode=", "set viminfo=",
        "set viminfofile=NONE", "set verbosefile=", "set nomodeline", "setlocal nomodeline",
    ].map { "silent! " + $0 }.joined(separator: " | ")

    /// Every moment a plugin or the vimrc's own autocommands could have turned a file back on:
    /// reading and entering a buffer, before each write, when any option is set, and on leaving
    /// (viminfo/shada is written after VimLeavePre).
    public static let vimEvents = [
        "BufNewFile", "BufReadPre", "BufReadPost", "BufEnter", "BufWinEnter", "BufWritePre", "FileWritePre",
        "FileAppendPre", "FilterWritePre", "OptionSet", "VimLeavePre",
    ].joined(separator: ",")

    public static let vimAutocommands = "autocmd hearth_private \(vimEvents) * \(vimSettings)"

    /// Arguments placed before the draft's path.
    public static func arguments(for family: Family, folder: String, environment: [String: String]) -> [String] {
        switch family {
        case .vim:
            // -f: gvim, mvim and evim would otherwise fork and return at once (the terminal
            // vim ignores it). -n: no swap file when the draft is loaded, whatever the vimrc set
            // (vim applies -n after the vimrc; the swap file is made before BufReadPre). -i NONE:
            // no viminfo/shada. The autocommands are defined before the vimrc (--cmd) and again
            // after it (-c: a vimrc's `autocmd!` removes the first ones; after the vimrc's own
            // autocommands, ours run last), and -c applies the settings once more.
            let group = "augroup hearth_private | augroup END"
            return [
                "-f", "-n", "-i", "NONE",
                "--cmd", group, "--cmd", vimAutocommands,
                "-c", group, "-c", vimAutocommands, "-c", vimSettings,
            ]
        case .nano:
            // Without nanorc files nano keeps no backups, no search history, no position log
            // and no lock file; its emergency save (on a hang-up) goes beside the draft.
            return ["--ignorercfiles", "--nohelp"]
        case .emacs:
            return ["--eval", emacsSettings]
        case .micro:
            // Its own configuration folder inside the draft's folder: micro's backups, undo,
            // cursor and history files all live there, and glob or file-type sections of a
            // settings.json can override command-line options, so the person's settings are
            // copied in without those keys.
            let config = (folder as NSString).appendingPathComponent(".micro")
            prepareMicroConfiguration(at: config, environment: environment)
            return ["-config-dir", config, "-backup", "false", "-savecursor", "false", "-saveundo", "false", "-savehistory", "false"]
        case .emacsClient, .kakoune, .helix, .other:
            return []
        }
    }

    /// Emacs reads its init file before the command line, so this runs after it: no file-local
    /// variables or `eval:` from the draft's text (it may come from a merge or an import), no backups,
    /// auto-save or lock files, no auto-save list, no persistent undo (undo-tree, undo-fu-session,
    /// undohist), no saved minibuffer history or kill ring (savehist), and the same again for the
    /// draft's buffer once it is visited. Each step is guarded so that a missing package is no error.
    public static let emacsSettings = """
        (progn (setq enable-local-variables nil enable-local-eval nil) \
        (setq make-backup-files nil backup-inhibited t auto-save-default nil auto-save-list-file-prefix nil \
        create-lockfiles nil undo-tree-auto-save-history nil undohist-ignored-files '(".")) \
        (dolist (m '(savehist-mode undo-fu-session-global-mode global-undo-fu-session-mode)) \
        (when (and (fboundp m) (boundp m) (symbol-value m)) (ignore-errors (funcall m -1)))) \
        (add-hook 'find-file-hook (lambda () (ignore-errors (auto-save-mode -1)) (setq-local make-backup-files nil) \
        (setq-local backup-inhibited t) (setq-local create-lockfiles nil) (setq-local buffer-auto-save-file-name nil) \
        (when (fboundp 'undo-fu-session-mode) (ignore-errors (undo-fu-session-mode -1)))) 90))
        """

    public static let microPersistenceKeys: Set<String> = ["backup", "backupdir", "permbackup", "saveundo", "savecursor", "savehistory"]

    /// Makes micro's private configuration folder: the person's key bindings, and their settings
    /// without any key that would write a copy (at the top and in every glob or file-type section).
    /// A settings file micro reads but JSON does not (comments) is left out: micro's defaults apply.
    public static func prepareMicroConfiguration(at config: String, environment: [String: String]) {
        guard mkdir(config, 0o700) == 0 || errno == EEXIST else { return }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let own = environment["MICRO_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/micro")
        if let bindings = FileManager.default.contents(atPath: own + "/bindings.json") {
            _ = FileManager.default.createFile(atPath: config + "/bindings.json", contents: bindings, attributes: [.posixPermissions: 0o600])
        }
        guard let data = FileManager.default.contents(atPath: own + "/settings.json"),
              var settings = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return }
        func strip(_ object: inout [String: Any]) {
            for key in microPersistenceKeys { object[key] = nil }
            for (key, value) in object {
                if var nested = value as? [String: Any] {
                    strip(&nested)
                    object[key] = nested
                }
            }
        }
        strip(&settings)
        if let cleaned = try? JSONSerialization.data(withJSONObject: settings) {
            _ = FileManager.default.createFile(atPath: config + "/settings.json", contents: cleaned, attributes: [.posixPermissions: 0o600])
        }
    }
}
