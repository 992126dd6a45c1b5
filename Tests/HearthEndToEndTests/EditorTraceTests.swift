import Foundation
import HearthTestSupport
import Testing

/// The editor never writes plaintext to a disk, and kept drafts stay where the message says:
/// the real vim on a pseudo-terminal with a vimrc that turns every copy on, a kept draft whose
/// old, predictable name another user took, and retried drafts that fail again or succeed.
@Suite(.ownThreads) struct EditorTraceTests {
    /// Every file under `roots` (recursively, never following links) whose bytes hold one of
    /// `needles`; files over 64 MiB and unreadable ones are skipped, and so are files last changed
    /// before `since` (they cannot hold text this test made up; /tmp is large and shared).
    static func filesHolding(_ needles: [String], under roots: [String], since: time_t = 0) -> [String] {
        var found: [String] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let name = walker.nextObject() as? String {
                let path = (root as NSString).appendingPathComponent(name)
                var info = stat()
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 64 << 20,
                      info.st_mtim.tv_sec >= since || info.st_ctim.tv_sec >= since,
                      let data = FileManager.default.contents(atPath: path)
                else { continue }
                let bytes = [UInt8](data)
                if needles.contains(where: { bytes.firstRange(of: Array($0.utf8)) != nil }) { found.append(path) }
            }
        }
        return found
    }

    /// `hearth journal edit ID` in the real vim, typed as a person types, with a vimrc that turns
    /// on undo files, backups, write backups, swap files and viminfo, all in `~/.vim` (on the
    /// disk), and autocommands that turn them on again. Afterwards neither the old text nor the
    /// typed one is anywhere under $HOME (the vault's folder too), /tmp, /var/tmp or the
    /// draft's tmpfs folder.
    @Test func vimWithEveryCopyTurnedOnLeavesNoTraceOfAnEdit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/vim") else {
            try Test.cancel("vim is not installed at /usr/bin/vim (`apt-get install vim`)")
        }
        guard KeysTerminal.available, FileManager.default.fileExists(atPath: "/dev/shm") else {
            try Test.cancel("needs util-linux `script` and a tmpfs at /dev/shm")
        }
        let started = time(nil) - 2
        let h = try PracticeHarness()
        let home = h.folder
        for folder in ["undo", "backup", "swap"] {
            try FileManager.default.createDirectory(atPath: home + "/.vim/" + folder, withIntermediateDirectories: true)
        }
        try """
            set nocompatible
            set modeline modelines=5
            set undofile undodir=~/.vim/undo//
            set backup backupdir=~/.vim/backup// writebackup backupcopy=yes
            set swapfile directory=~/.vim/swap// updatecount=1 updatetime=100
            set viminfo='100,<500,s100,:100,/100,h viminfofile=~/.viminfo
            autocmd BufReadPost,BufEnter,BufWritePre * setlocal undofile swapfile | set backup writebackup updatecount=1
            """.write(toFile: home + "/.vimrc", atomically: true, encoding: .utf8)

        let tag = UUID().uuidString.prefix(8)
        // A modeline in the text (it may have come from a merge or an import): were it obeyed,
        // vim would write the draft in Latin-1, and "café" would not read back.
        let original = "Willow\(tag) first words at the café\\nvim: set fenc=latin1 :"
        let id = try h.add("journal", json: #"{"text": "\#(original)"}"#)
        // What the person types, sent in pieces so that no one string of this test holds it whole.
        let typedParts = ["Heron", String(tag), "typed"]
        let typed = typedParts.joined()

        var environment = h.environment(["EDITOR": "vim", "TERM": "xterm", "LINES": "40", "COLUMNS": "120"])
        environment["HEARTH_NO_TTY"] = nil
        let terminal = try KeysTerminal(arguments: ["journal", "edit", id], environment: environment)
        try terminal.waitFor("entry.md", timeout: 20)
        try terminal.waitUntilReading(.keys)
        // A new line at the end, a change to the old text (into the undo tree and the
        // command-line history), a yank (into a register), a pause long enough for the swap
        // file's timer, a write, then write and quit.
        terminal.send("Go")
        for part in typedParts { terminal.send(part) }
        terminal.send("\u{1b}yy")
        terminal.send(":%s/first words/second words/\r")
        // The pause is real time on purpose: 'updatetime' is 100 ms, counted from when vim has
        // taken the keys and waits again.
        try terminal.waitUntilReading(.keys)
        usleep(300_000)
        terminal.send(":w\r")
        try terminal.waitUntilReading(.keys)
        terminal.send(":wq\r")
        let status = try terminal.finish(timeout: 30)
        // Looked for before anything is reported: a report holding the text could land in /tmp.
        let needles = ["Willow\(tag)", typed]
        let everywhere = [home, "/tmp", "/var/tmp", h.runtime].filter { FileManager.default.fileExists(atPath: $0) }
        let traces = Self.filesHolding(needles, under: everywhere, since: started)
        let text = try h.show("journal", id)["text"] as? String ?? ""
        #expect(traces.isEmpty, "plaintext left by the editor: \(traces)")
        #expect(status == 0 && text == "Willow\(tag) second words at the café\nvim: set fenc=latin1 :\n\(typed)", "the edit was saved: \(text.debugDescription)")
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "the draft folder is wiped")
        #expect(!FileManager.default.fileExists(atPath: home + "/.viminfo"))
    }

    /// Earlier, a kept draft was renamed to `hearth-draft-<the editing folder's suffix>`, a name
    /// another user could see coming and take first in a shared /dev/shm: the rename failed and
    /// the draft stayed in a folder that the next Hearth wiped as abandoned. Now it stays in
    /// its own private folder, where the message says, whatever anyone else creates.
    @Test func aKeptDraftSurvivesAnotherUserTakingItsOldName() throws {
        let h = try PracticeHarness()
        // The runtime folder stands in for /dev/shm: shared by everyone, sticky.
        chmod(h.runtime, 0o1777)
        let other = isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups " : ""
        let marker = "Lantern\(UUID().uuidString.prefix(8))"
        // While the person writes (an invalid check-in, so it is kept), someone else creates the
        // name the old code would have chosen, with a file in it.
        let editor = try h.script("squat.sh", """
            sed -i 's/^activation: .*/activation: 12/; s/^state: .*/state: settled/' "$1"
            printf '%s\\n' '\(marker)' >> "$1"
            folder=$(dirname "$1")
            taken="$(dirname "$folder")/hearth-draft-${folder##*-}"
            \(other)mkdir "$taken" 2>/dev/null && \(other)touch "$taken/mine"
            exit 0
            """)
        let failed = try h.run(["body", "add", "--edit"], env: ["EDITOR": editor])
        #expect(failed.status == 65 && failed.err.contains("Your draft is kept at"), "\(failed.err)")
        let kept = try #require(failed.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        let folder = (kept as NSString).deletingLastPathComponent
        var info = stat()
        #expect(lstat(folder, &info) == 0 && info.st_mode & 0o7777 == 0o700 && info.st_uid == geteuid(), "a private 0700 folder")
        #expect((folder as NSString).lastPathComponent.count >= "hearth-draft-".count + 32, "a long random name")

        // The next edit (any Hearth that makes a draft) must not take it for abandoned.
        let plain = try h.script("plain.sh", "printf 'Another entry\\n' >> \"$1\"\n")
        #expect(try h.run(["journal", "add", "--edit"], env: ["EDITOR": plain]).status == 0)
        let survived = try String(contentsOfFile: kept, encoding: .utf8)
        #expect(survived.contains(marker), "the kept draft is still where the message said")

        _ = try h.runProgram("/bin/sed", ["-i", "s/^activation: .*/activation: 3/", kept])
        let saved = try h.run(["body", "add", "--draft", kept])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(!PracticeHarness.anyFile(under: h.runtime, contains: marker))
    }

    /// A kept draft given back with `--draft` (with or without `--edit`) that fails again stays
    /// the one copy, at the path the message names; once saved, no copy remains.
    @Test func aRetriedDraftThatFailsAgainStaysTheOneCopyAndIsWipedOnceSaved() throws {
        let h = try PracticeHarness()
        let marker = "Thistle\(UUID().uuidString.prefix(8))"
        let broken = try h.script("broken.sh", """
            sed -i 's/^activation: .*/activation: 12/; s/^state: .*/state: settled/' "$1"
            printf '%s\\n' '\(marker)' >> "$1"
            """)
        let first = try h.run(["body", "add", "--edit"], env: ["EDITOR": broken])
        #expect(first.status == 65, "\(first.err)")
        let kept = try #require(first.err.components(separatedBy: "kept at ").last?.components(separatedBy: ",").first)
        #expect(PracticeHarness.files(under: h.runtime).filter { !$0.contains("/.") } == [kept])

        // Opened again in the editor, still invalid: the same one draft, at the same path.
        let touch = try h.script("touch.sh", "printf 'more words\\n' >> \"$1\"\n")
        let again = try h.run(["body", "add", "--draft", kept, "--edit"], env: ["EDITOR": touch])
        #expect(again.status == 65 && again.err.contains("kept at \(kept),"), "\(again.err)")
        var copies = Self.filesHolding([marker], under: [h.runtime])
        #expect(copies == [kept], "exactly one copy, where the message says: \(copies)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("more words"), "with what was written this time")

        // Stopped by a hang-up while the editor is open: the kept draft is not wiped with it.
        let hangUp = try h.script("hangup.sh", "kill -HUP $PPID\nsleep 1\n")
        let stopped = try h.run(["body", "add", "--draft", kept, "--edit"], env: ["EDITOR": hangUp])
        #expect(stopped.status == 128 + SIGHUP && stopped.err.contains("still kept at \(kept)"), "\(stopped.err)")
        #expect(Self.filesHolding([marker], under: [h.runtime]) == [kept])

        // Given without the editor, still invalid: unchanged, and the message says where it is.
        let plain = try h.run(["body", "add", "--draft", kept])
        #expect(plain.status == 65 && plain.err.contains("kept at \(kept),"), "\(plain.err)")
        copies = Self.filesHolding([marker], under: [h.runtime])
        #expect(copies == [kept])

        // Fixed and saved: every copy is wiped.
        let fix = try h.script("fix.sh", "sed -i 's/^activation: .*/activation: 3/' \"$1\"\n")
        let saved = try h.run(["body", "add", "--draft", kept, "--edit"], env: ["EDITOR": fix])
        #expect(saved.status == 0, "\(saved.err)")
        #expect(PracticeHarness.files(under: h.runtime).isEmpty, "no copy remains")
        #expect(!PracticeHarness.anyFile(under: h.runtime, contains: marker))
        #expect(try h.list("body").count == 1)
    }

    /// The editor's settings follow the program that really runs: `vi` that is busybox (here: a
    /// link to a script) gets none of vim's flags, which it would refuse, and a program named
    /// vim gets the settings before its vimrc (--cmd) and again after it (-c), with -f, -n and
    /// -i NONE; emacsclient gets no --eval (which would make it evaluate the draft's path).
    @Test func theEditorsSettingsFollowTheProgramThatReallyRuns() throws {
        let h = try PracticeHarness()
        let spy = try h.script("spy-editor", """
            printf '%s\n' "$@" > "$HOME/args-$(basename "$0")"
            for last; do :; done
            printf 'Words\n' >> "$last"
            """)
        let bin = h.folder + "/bin"
        for name in ["vi", "emacsclient", "nano"] { symlink(spy, bin + "/" + name) }
        _ = try h.runProgram("/bin/cp", [spy, bin + "/vim"])
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        func arguments(_ editor: String, file: String) throws -> [String] {
            let result = try h.run(["journal", "add", "--edit"], env: ["EDITOR": editor, "PATH": path])
            #expect(result.status == 0, "\(editor): \(result.err)")
            return try String(contentsOfFile: h.folder + "/args-" + file, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        // Links: the real file is a script of no known editor, so nothing is added.
        #expect(try arguments("vi", file: "vi").count == 1)
        #expect(try arguments("emacsclient", file: "emacsclient").count == 1)
        let vim = try arguments("vim", file: "vim")
        #expect(Array(vim.prefix(4)) == ["-f", "-n", "-i", "NONE"], "\(vim)")
        let cmd = vim.firstIndex(of: "--cmd"), after = vim.lastIndex(of: "-c")
        #expect(cmd != nil && after != nil && cmd! < after!)
        #expect(vim.contains { $0.contains("BufWritePre") && $0.contains("noundofile") && $0.contains("viminfofile=NONE") })
        #expect(vim.last?.hasSuffix("/entry.md") == true && vim.count > 10)
    }
}
