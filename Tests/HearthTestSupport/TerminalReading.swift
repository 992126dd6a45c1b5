import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a program on a pseudo-terminal is ready for what is typed next, seen from outside
/// through /proc, so that tests wait for that moment instead of sleeping a fixed time.
///
/// A prompt is printed just before the program changes the terminal's modes (echo off for a
/// secret, single keys) and starts to read; input typed before then is lost (Hearth changes
/// modes with TCSAFLUSH, which discards what is waiting) or echoed. "Ready" is therefore: one
/// thread of a process under the root (the `script` that made the terminal) is asleep in
/// read, poll or select on a descriptor that is that terminal (its /dev/pts/N, or /dev/tty
/// when that is its controlling terminal), that thread has slept again since the last input
/// was typed (so it is a read begun after that input was taken, not the one the input is about
/// to end), nothing typed is still waiting in the terminal or on its way to it, and the
/// terminal is in the modes asked for. Root sees every process's system calls; another user
/// does not see those of a process that is not dumpable (Hearth), and then takes a thread of
/// it asleep in the terminal's foreground job, with no child, for the reader: weaker, since
/// such a sleep may be something else than a read, but still bound to the rest above.
public enum TerminalReading {
    /// The terminal's modes, as `tcgetattr` on it says.
    public struct Modes: Sendable, Equatable, CustomStringConvertible {
        public let echo: Bool
        public let canonical: Bool
        public var description: String { "echo \(echo ? "on" : "off"), \(canonical ? "line mode" : "single keys")" }
    }

    /// The modes a test needs before it types.
    public enum Wanted: Sendable, CustomStringConvertible {
        /// Whatever they are (a line prompt, or a test that looks at the modes itself).
        case any
        /// Echo off: a secret prompt.
        case echoOff
        /// Single keys, unechoed (not in line mode, echo off): a "press any key" wait, a full-screen editor.
        case keys

        func accepts(_ modes: Modes) -> Bool {
            switch self {
            case .any: true
            case .echoOff: !modes.echo
            case .keys: !modes.echo && !modes.canonical
            }
        }

        public var description: String {
            switch self {
            case .any: "any modes"
            case .echoOff: "echo off"
            case .keys: "single keys, echo off"
            }
        }
    }

    /// A thread asleep reading the terminal.
    public struct Reader: Sendable, CustomStringConvertible {
        public let pid: pid_t
        public let tid: pid_t
        public let call: String
        public let descriptor: Int32
        public var description: String { "pid \(pid) (thread \(tid)) in \(call) on descriptor \(descriptor)" }
    }

    /// Why a wait ended without the terminal being ready.
    public struct NotReady: Error, CustomStringConvertible {
        public let description: String
    }

    // System call numbers (the first field of /proc/PID/task/TID/syscall).
    #if arch(x86_64)
    static let readCalls: Set<Int> = [0]
    static let pollCalls: Set<Int> = [7, 271]  // poll, ppoll
    static let selectCalls: Set<Int> = [23, 270]  // select, pselect6
    #elseif arch(arm64)
    static let readCalls: Set<Int> = [63]
    static let pollCalls: Set<Int> = [73]
    static let selectCalls: Set<Int> = [72]
    #endif

    /// The processes under `root` (its children, theirs, ...), not `root` itself.
    public static func descendants(of root: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var queue = [root]
        while let pid = queue.popLast() {
            for tid in tasks(of: pid) {
                let children = text("/proc/\(pid)/task/\(tid)/children").split(separator: " ").compactMap { pid_t($0) }
                found += children
                queue += children
            }
        }
        return found
    }

    /// The pseudo-terminal `pid` holds open (`script` keeps its terminal's /dev/pts/N), or nil.
    public static func terminal(heldBy pid: pid_t) -> String? {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        for fd in descriptors.compactMap({ Int32($0) }).sorted() {
            if let target = link("/proc/\(pid)/fd/\(fd)"), target.hasPrefix("/dev/pts/") { return target }
        }
        return nil
    }

    /// How many times each thread of `pids` went to sleep so far (voluntary context switches).
    public static func sleeps(of pids: [pid_t]) -> [pid_t: Int] {
        var counts: [pid_t: Int] = [:]
        for pid in pids {
            for tid in tasks(of: pid) { counts[tid] = voluntarySwitches(pid, tid) }
        }
        return counts
    }

    /// The terminal's modes, or nil when it cannot be opened.
    public static func modes(of terminal: String) -> Modes? {
        withTerminal(terminal) { fd in
            var t = termios()
            guard tcgetattr(fd, &t) == 0 else { return nil }
            return Modes(echo: t.c_lflag & tcflag_t(ECHO) != 0, canonical: t.c_lflag & tcflag_t(ICANON) != 0)
        }
    }

    /// Bytes typed that the terminal holds and no one has read yet (in line mode: whole lines only).
    public static func unread(on terminal: String) -> Int {
        withTerminal(terminal) { fd in
            var count: Int32 = 0
            return ioctl(fd, UInt(TIOCINQ), &count) == 0 ? Int(count) : nil
        } ?? 0
    }

    /// A thread of `pids` asleep in read, poll or select on `terminal`, or nil.
    public static func reader(among pids: [pid_t], terminal: String) -> Reader? {
        var info = stat()
        guard stat(terminal, &info) == 0 else { return nil }
        let device = UInt64(info.st_rdev)
        var hidden: Reader?
        for pid in pids {
            for tid in tasks(of: pid) where state(pid, tid) == "S" {
                guard let syscall = FileManager.default.contents(atPath: "/proc/\(pid)/task/\(tid)/syscall") else {
                    // Not ours to look into (Hearth is not dumpable; only root sees its system
                    // calls): the next best is asleep in the terminal's foreground job with no child.
                    if hidden == nil, inForeground(pid, of: device), descendants(of: pid).isEmpty {
                        hidden = Reader(pid: pid, tid: tid, call: "a hidden system call", descriptor: -1)
                    }
                    continue
                }
                let fields = String(decoding: syscall, as: UTF8.self).split(separator: " ")
                guard let number = fields.first.flatMap({ Int($0) }) else { continue }
                let args = fields.dropFirst().prefix(6).map { UInt64($0.dropFirst(2), radix: 16) ?? 0 }
                guard args.count == 6 else { continue }
                let isTerminal = { (fd: Int32) in descriptor(fd, of: pid, is: device) }
                if readCalls.contains(number) {
                    let fd = Int32(truncatingIfNeeded: args[0])
                    if isTerminal(fd) { return Reader(pid: pid, tid: tid, call: "read", descriptor: fd) }
                } else if pollCalls.contains(number) {
                    // struct pollfd { int fd; short events; short revents; }
                    let count = Int(min(args[1], 1024))
                    let bytes = memory(pid, at: args[0], count: count * 8)
                    for i in 0..<(bytes.count / 8) {
                        let fd = bytes[i * 8..<i * 8 + 4].reversed().reduce(Int32(0)) { $0 << 8 | Int32($1) }
                        let events = Int16(bytes[i * 8 + 4]) | Int16(bytes[i * 8 + 5]) << 8
                        if fd >= 0, events & Int16(POLLIN) != 0, isTerminal(fd) {
                            return Reader(pid: pid, tid: tid, call: "poll", descriptor: fd)
                        }
                    }
                } else if selectCalls.contains(number), args[1] != 0 {
                    // select(nfds, readfds, ...): the read set is a bitmap of nfds bits.
                    let count = Int(min(args[0], 1024))
                    let bytes = memory(pid, at: args[1], count: (count + 63) / 64 * 8)
                    for fd in 0..<min(count, bytes.count * 8) where bytes[fd / 8] & (1 << (fd % 8)) != 0 {
                        if isTerminal(Int32(fd)) { return Reader(pid: pid, tid: tid, call: "select", descriptor: Int32(fd)) }
                    }
                }
            }
        }
        return hidden
    }

    /// Whether `pid`'s controlling terminal is `device` and its process group is that terminal's
    /// foreground group (stat fields 5, 7 and 8, readable for any process).
    static func inForeground(_ pid: pid_t, of device: UInt64) -> Bool {
        let fields = statFields(pid, pid)
        return fields.count > 5 && UInt64(fields[4]) == device && fields[2] == fields[5]
    }

    /// Waits until a process under `root` is ready for input on its terminal (see the type's
    /// comment): `terminal` is that terminal (nil: the /dev/pts/N `root` holds); `sleptSince`,
    /// the `sleeps(of:)` taken just before the last input was typed (empty: none was);
    /// `pending`, bytes typed that have not reached the terminal yet. Returns the reader and the
    /// modes; throws `NotReady`, saying what it last saw, after `timeout` seconds or when `root` ends.
    @discardableResult
    public static func wait(under root: pid_t, terminal given: String? = nil, modes wanted: Wanted = .any,
                            sleptSince: [pid_t: Int] = [:], pending: () -> Int = { 0 },
                            timeout: Double = 30) throws -> (reader: Reader, modes: Modes) {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = "no terminal found yet"
        var pause: useconds_t = 1000
        while true {
            if state(root, root) == nil || state(root, root) == "Z" {
                throw NotReady(description: "the program on the terminal ended; last seen: \(seen)")
            }
            if let terminal = given ?? Self.terminal(heldBy: root) {
                let pids = descendants(of: root)
                if let reader = reader(among: pids, terminal: terminal) {
                    let modes = modes(of: terminal)
                    let before = sleptSince[reader.tid]
                    let slept = voluntarySwitches(reader.pid, reader.tid)
                    let unread = unread(on: terminal), onTheWay = pending()
                    seen = "\(reader), \(modes.map(\.description) ?? "modes unknown"), \(unread) bytes unread, \(onTheWay) on the way"
                    if let before, slept <= before {
                        seen += ", still the read that was under way when the last input was typed"
                    } else if let modes, wanted.accepts(modes), unread == 0, onTheWay == 0 {
                        return (reader, modes)
                    }
                } else {
                    seen = "no process under \(root) reading \(terminal) (processes: \(pids))"
                }
            }
            if Date() >= deadline { throw NotReady(description: "not ready for input (\(wanted)) after \(timeout) s; last seen: \(seen)") }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    // MARK: /proc

    static func text(_ path: String) -> String {
        (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func tasks(of pid: pid_t) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { pid_t($0) }
    }

    /// The fields of /proc/PID/task/TID/stat after the command name.
    static func statFields(_ pid: pid_t, _ tid: pid_t) -> [Substring] {
        let line = text("/proc/\(pid)/task/\(tid)/stat")
        guard let close = line.lastIndex(of: ")") else { return [] }
        return line[line.index(after: close)...].split(separator: " ")
    }

    /// "S" (asleep, interruptibly), "R", "T" (stopped), "Z", ...; nil when gone.
    static func state(_ pid: pid_t, _ tid: pid_t) -> String? {
        statFields(pid, tid).first.map(String.init)
    }

    static func voluntarySwitches(_ pid: pid_t, _ tid: pid_t) -> Int {
        let status = text("/proc/\(pid)/task/\(tid)/status")
        for line in status.split(separator: "\n") where line.hasPrefix("voluntary_ctxt_switches:") {
            return Int(line.split(separator: "\t").last ?? "") ?? 0
        }
        return 0
    }

    /// Whether descriptor `fd` of `pid` is the terminal `device`: that device itself, or
    /// /dev/tty while `device` is the process's controlling terminal.
    static func descriptor(_ fd: Int32, of pid: pid_t, is device: UInt64) -> Bool {
        var info = stat()
        guard stat("/proc/\(pid)/fd/\(fd)", &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return false }
        if UInt64(info.st_rdev) == device { return true }
        let devTTY: UInt64 = 5 << 8  // 5:0
        guard UInt64(info.st_rdev) == devTTY else { return false }
        // Field 7 of stat, tty_nr, in the kernel's encoding (the C library's for small majors).
        let fields = statFields(pid, pid)
        return fields.count > 4 && UInt64(fields[4]) == device
    }

    /// `count` bytes of `pid`'s memory at `address` (fewer when unreadable).
    static func memory(_ pid: pid_t, at address: UInt64, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        let fd = open("/proc/\(pid)/mem", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = pread(fd, &bytes, count, off_t(truncatingIfNeeded: address))
        return n > 0 ? Array(bytes[0..<n]) : []
    }

    static func withTerminal<T>(_ terminal: String, _ body: (Int32) -> T?) -> T? {
        let fd = open(terminal, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return body(fd)
    }
}
