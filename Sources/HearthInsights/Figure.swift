/// A figure computed from observations, with how many it rests on. Below
/// `Figure.minimumObservations` the value is withheld: a person sees "too few to tell yet"
/// instead of a number that would say more than the records do.
public struct Figure: Equatable, Sendable {
    /// Fewer observations than this give no number.
    public static let minimumObservations = 3

    /// The average (or share, 0...1), or nil when there are too few observations.
    public let value: Double?
    /// How many observations it rests on.
    public let n: Int

    /// `value` is kept only when `n` reaches the minimum.
    public init(_ value: Double?, n: Int) {
        self.n = n
        self.value = n >= Figure.minimumObservations ? value : nil
    }

    /// `part` of `n`, as a share 0...1.
    public static func share(_ part: Int, of n: Int) -> Figure {
        Figure(n > 0 ? Double(part) / Double(n) : nil, n: n)
    }

    /// True when there is a number to show.
    public var isKnown: Bool { value != nil }

    /// No observations at all.
    public static let none = Figure(nil, n: 0)
}
