import ArgumentParser
import HearthSession

/// A span of time as CLI.md writes it: a whole number with `s`, `m`, `h` or `d` (`90s`, `15m`,
/// `8h`, `2d`).
struct DurationInput: ExpressibleByArgument, Equatable, CustomStringConvertible {
    let seconds: UInt64

    init(seconds: UInt64) { self.seconds = seconds }

    init?(argument: String) {
        guard let match = argument.wholeMatch(of: /([0-9]{1,9})([smhd])/), let number = UInt64(match.1) else { return nil }
        let unit: UInt64 = switch match.2 { case "s": 1; case "m": 60; case "h": 3600; default: 86400 }
        seconds = number * unit
    }

    var description: String { DurationText.compact(seconds) }
    var defaultValueDescription: String { description }
}
