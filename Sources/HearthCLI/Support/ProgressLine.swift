import CPlatform
import Foundation
import HearthMessages

/// What Hearth is doing, shown on one line of the terminal that overwrites itself, so that work
/// taking seconds (deriving a key, waiting for another writer, importing thousands of records)
/// never looks like a hang. Only when stderr is a terminal (a log or a script gets no control
/// characters), and not when `HEARTH_PROGRESS=0` (a screen reader reads every redraw aloud).
///
/// The text says what kind of work runs and how far it got ("Importing records: 1200 of 20000"),
/// never record text or names. Every command uses the one line, `ProgressLine.shared`: any
/// message, prompt or output to the same terminal clears it first (`Console`, `Terminal`).
final class ProgressLine: @unchecked Sendable {
    /// The line on stderr, for every command: one per run (`HearthContext`), made on first use
    /// from the run's own stderr and environment.
    static var shared: ProgressLine {
        let context = HearthContext.current
        let quiet = context.run.quiet  // read outside `progress`, which holds the run's lock
        return context.run.progress {
            let stderr = context.console.error
            return ProgressLine(
                enabled: !quiet && ProgressLine.wantedOnStderr,
                plain: ProgressLine.plainTerminal,
                width: { Int(hearth_terminal_columns(stderr)) },
                clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
                write: { text in HearthContext.$current.withValue(context) { Console.progress(text) } },
                guardsSignals: context.isProcess)
        }
    }

    /// While a key is derived from a passphrase (Argon2id: a second or more at the default cost)
    /// and the records are decrypted.
    static let opening: Message = .progressOpening
    /// While a typed key is tried on the vault's other key slots (one key derivation each).
    static let checkingKey: Message = .progressCheckingKey
    /// While a new passphrase or recovery key is made into a key slot (one key derivation).
    static let settingUpKey: Message = .progressSettingUpKey

    /// `TERM=dumb` (an editor's shell buffer) obeys no escape sequences, and `NO_COLOR` asks for
    /// plain output: there the line is erased with spaces instead of "erase to end of line".
    static var plainTerminal: Bool {
        let environment = Environment.all
        return environment["NO_COLOR"] != nil || environment["TERM"] == "dumb"
    }

    /// On a terminal, unless `HEARTH_PROGRESS` is `0`, `off` or `no` (nor with `--quiet`: `shared`).
    static var wantedOnStderr: Bool {
        let setting = Environment.value("HEARTH_PROGRESS")?.lowercased()
        if let setting, ["0", "off", "no", "false"].contains(setting) { return false }
        return Console.stderrIsTerminal
    }

    private let lock = NSLock()
    private var core: ProgressLineCore
    private let enabled: Bool
    private let width: () -> Int
    private let clock: () -> Double
    private let write: (String) -> Void
    /// While the line is on the screen, a signal that ends the process erases it first
    /// (`hearth_progress_signals_begin`), so the shell's prompt never follows half a line.
    private let guardsSignals: Bool

    init(
        enabled: Bool, plain: Bool = false, width: @escaping () -> Int, clock: @escaping () -> Double,
        write: @escaping (String) -> Void, guardsSignals: Bool = false
    ) {
        core = ProgressLineCore(plain: plain)
        self.enabled = enabled
        self.width = width
        self.clock = clock
        self.write = write
        self.guardsSignals = guardsSignals
    }

    /// A new step ("Opening the vault..."): shown at once.
    func status(_ message: Message) {
        guard enabled else { return }
        locked { $0.status(message.text, now: clock(), width: width()) }
    }

    /// How far a step got ("Importing records: 1200 of 20000"): shown at most ten times a second.
    func update(_ message: Message) {
        guard enabled else { return }
        locked { $0.update(message.text, now: clock(), width: width()) }
    }

    /// A count, as `update` shows it: "Importing records: 1200 of 20000".
    func count(_ what: Message, _ done: Int, of total: Int) {
        guard enabled else { return }
        locked { $0.update(ProgressLineCore.counting(what.text, done, of: total), now: clock(), width: width()) }
    }

    /// Takes the line off the screen (before a message, a prompt, or when the work is done).
    func clear() {
        guard enabled else { return }
        locked { $0.clear() }
    }

    /// Clears the line only if it still says `text` (a step that ended, when a later one may
    /// already have replaced it).
    func clear(ifShowing message: Message) {
        guard enabled else { return }
        locked { core in core.isShowing(message.text) ? core.clear() : nil }
    }

    /// A progress callback (`done`, `total` bytes) that shows `message(percent)` on the shared line.
    static func percent(_ message: @escaping (UInt64) -> Message) -> (UInt64, UInt64) -> Void {
        { done, total in
            guard total > 0 else { return }
            ProgressLine.shared.update(message(min(done, total) * 100 / total))
        }
    }

    /// Shows `text` while `body` runs, then clears the line.
    func during<T>(_ message: Message, _ body: () throws -> T) rethrows -> T {
        status(message)
        defer { clear() }
        return try body()
    }

    /// Runs `body`, which sets the line as its steps go, then clears it (also when it throws).
    func clearedAfter<T>(_ body: () throws -> T) rethrows -> T {
        defer { clear() }
        return try body()
    }

    private func locked(_ step: (inout ProgressLineCore) -> String?) {
        lock.lock()
        defer { lock.unlock() }
        let wasShown = core.shown != nil
        guard let bytes = step(&core) else { return }
        let isShown = core.shown != nil
        if guardsSignals, isShown, !wasShown {
            hearth_progress_signals_plain(core.plain ? 1 : 0)
            _ = hearth_progress_signals_begin()
        }
        write(bytes)
        if guardsSignals, wasShown, !isShown { hearth_progress_signals_end() }
    }
}

/// The decisions of `ProgressLine`, as a value with no clock or terminal of its own: what to
/// write for each call, given the time and the terminal's width. Tested in process.
struct ProgressLineCore: Equatable {
    /// At most ten redraws a second: more only costs time and makes the line flicker.
    static let minimumInterval = 0.1
    /// Assumed when the terminal does not say how wide it is.
    static let defaultWidth = 80
    /// Carriage return, then erase to the end of the line.
    static let erase = "\r\u{1B}[K"

    /// No escape sequences (`TERM=dumb`, `NO_COLOR`): old text is overwritten with spaces.
    let plain: Bool

    init(plain: Bool = false) { self.plain = plain }

    /// The text on the screen now (as fitted), or nil when the line is clear.
    private(set) var shown: String?
    private var lastDraw = -Double.infinity
    private var lastText: String?

    /// A new step: drawn at once (unless it is what the line says already).
    mutating func status(_ text: String, now: Double, width: Int) -> String? {
        draw(text, now: now, width: width)
    }

    /// A step's progress: drawn when the line is clear, or when `minimumInterval` has passed
    /// since the last redraw; otherwise dropped (the next update brings it up to date).
    mutating func update(_ text: String, now: Double, width: Int) -> String? {
        guard shown == nil || now - lastDraw >= Self.minimumInterval else { return nil }
        return draw(text, now: now, width: width)
    }

    /// Erases the line, if anything is on it.
    mutating func clear() -> String? {
        guard let old = shown else { return nil }
        shown = nil
        lastText = nil
        return plain ? "\r" + String(repeating: " ", count: old.count) + "\r" : Self.erase
    }

    /// True when the line shows `text` (as given to `status` or `update`).
    func isShowing(_ text: String) -> Bool { shown != nil && lastText == text }

    private mutating func draw(_ text: String, now: Double, width: Int) -> String? {
        let fitted = Self.fitted(text, width: width)
        if fitted == shown { return nil }
        let before = shown?.count ?? 0
        shown = fitted
        lastText = text
        lastDraw = now
        guard plain else { return Self.erase + fitted }
        // Spaces over what the old text showed beyond the new one.
        return "\r" + fitted + String(repeating: " ", count: max(before - fitted.count, 0))
    }

    /// `text` cut to one column less than the terminal's width (writing the last column makes
    /// some terminals wrap, and the next "\r" would then redraw only the second line).
    static func fitted(_ text: String, width: Int) -> String {
        let columns = max((width > 0 ? width : defaultWidth) - 1, 1)
        let oneLine = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        guard oneLine.count > columns else { return String(oneLine) }
        guard columns > 3 else { return String(oneLine.prefix(columns)) }
        return String(oneLine.prefix(columns - 3)) + "..."
    }

    /// "Importing records: 1200 of 20000"; without a known total, "Importing records: 1200".
    static func counting(_ what: String, _ done: Int, of total: Int) -> String {
        total > 0 ? "\(what): \(min(done, total)) of \(total)" : "\(what): \(done)"
    }
}
