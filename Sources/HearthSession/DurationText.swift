/// Durations for people: `15m`, `7h 59m`, `45s` (a session's limits, and what is left of them).
public enum DurationText {
    public static func compact(_ seconds: UInt64) -> String {
        if seconds == 0 { return "0s" }
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0, seconds < 3600 { return "\(seconds / 60)m" }
        return spoken(seconds)
    }

    /// "1h 5m", "14m 59s", "30s": the two largest units, for time left.
    public static func spoken(_ seconds: UInt64) -> String {
        let parts: [(UInt64, String)] = [(seconds / 86400, "d"), (seconds % 86400 / 3600, "h"), (seconds % 3600 / 60, "m"), (seconds % 60, "s")]
        let nonZero = parts.drop { $0.0 == 0 }.prefix(2).filter { $0.0 > 0 }
        return nonZero.isEmpty ? "0s" : nonZero.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }
}
