import CPlatform

/// Notices that the machine was suspended (or hibernated) since the last look, without D-Bus:
/// CLOCK_BOOTTIME counts time asleep and CLOCK_MONOTONIC does not, so their difference grows
/// by exactly the time spent asleep and stays put otherwise.
public struct SuspendWatch {
    /// One reading of both clocks, in seconds.
    public typealias Clocks = () -> (boot: Double, monotonic: Double)

    /// A sleep shorter than this is not reported (the two clocks are read one after the other).
    public static let tolerance = 1.0

    private let clocks: Clocks
    private var sleptBefore: Double

    /// The system's CLOCK_BOOTTIME and CLOCK_MONOTONIC.
    public static func systemClocks() -> (boot: Double, monotonic: Double) {
        (hearth_boot_seconds(), hearth_monotonic_seconds())
    }

    /// Starts watching from now. `clocks` is the system's by default.
    public init(clocks: @escaping Clocks = systemClocks) {
        self.clocks = clocks
        let now = clocks()
        sleptBefore = now.boot - now.monotonic
    }

    /// True when the machine slept since the previous call (or since `init`).
    public mutating func sleptSinceLastLook() -> Bool {
        let now = clocks()
        let slept = now.boot - now.monotonic
        defer { sleptBefore = max(sleptBefore, slept) }
        return slept - sleptBefore > Self.tolerance
    }
}
