import CPlatform
import Foundation

/// Catches termination signals so that cleanup (wiping a draft, zeroing a key) always runs.
/// The handler only writes the signal's number to a pipe; `pending()` reads them back and
/// `descriptor` can be polled. One catcher at a time per process.
public final class SignalCatcher {
    /// Ctrl-C, Ctrl-\, `kill`, and the terminal going away.
    public static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    public let descriptor: Int32

    /// Starts catching `signals`; nil if another catcher is active or no pipe could be made.
    public init?(_ signals: [Int32]) {
        let fd = signals.withUnsafeBufferPointer { hearth_signals_catch($0.baseAddress, Int32($0.count)) }
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    /// The signals that arrived since the last call, in order.
    public func pending() -> [Int32] {
        var result: [Int32] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 { result.append(Int32(byte)) }
        return result
    }

    /// Waits up to `seconds` for a signal (or returns at once if one is pending).
    public func wait(seconds: Double) {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, Int32(max(0, min(seconds, 3600)) * 1000))
    }

    /// Restores the previous handlers.
    public func release() { hearth_signals_release() }

    deinit { hearth_signals_release() }
}
