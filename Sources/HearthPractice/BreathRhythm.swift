import Foundation

/// The breathing guide's rhythm: slower out than in (4 s in, 6 s out), which is what settles.
/// A pure function of the time elapsed, so tests step a clock instead of waiting.
public struct BreathRhythm: Equatable, Sendable {
    public var inhale: Double
    public var exhale: Double
    /// How often the guide is drawn again.
    public var frameInterval: Double
    /// Width of the bar, in cells.
    public var width: Int

    public init(inhale: Double = 4, exhale: Double = 6, frameInterval: Double = 0.25, width: Int = 24) {
        self.inhale = inhale
        self.exhale = exhale
        self.frameInterval = frameInterval
        self.width = width
    }

    public static let standard = BreathRhythm()

    public var cycle: Double { inhale + exhale }

    /// Where the guide is `elapsed` seconds after it began.
    public func frame(at elapsed: Double) -> BreathFrame {
        let t = max(0, elapsed).truncatingRemainder(dividingBy: cycle)
        if t < inhale {
            return BreathFrame(phase: .breatheIn, filled: cells(t / inhale), width: width)
        }
        return BreathFrame(phase: .breatheOut, filled: cells(1 - (t - inhale) / exhale), width: width)
    }

    private func cells(_ fraction: Double) -> Int { min(width, max(0, Int((fraction * Double(width)).rounded()))) }
}

/// One frame: breathing in or out, and how full the bar is.
public struct BreathFrame: Equatable, Sendable {
    public enum Phase: Equatable, Sendable { case breatheIn, breatheOut }

    public var phase: Phase
    public var filled: Int
    public var width: Int

    public init(phase: Phase, filled: Int, width: Int) {
        self.phase = phase
        self.filled = filled
        self.width = width
    }

    /// The bar itself (data; the words around it are the catalogue's).
    public var bar: String {
        String(repeating: "●", count: filled) + String(repeating: "·", count: max(0, width - filled))
    }
}
