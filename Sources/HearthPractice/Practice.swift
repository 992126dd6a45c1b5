import Foundation

/// The short guided practices (`hearth practice NAME`), in the order the menu shows them.
public enum Practice: String, CaseIterable, Sendable {
    case reflect, share, belief, notice, breathe

    /// A practice by its name, its beginning (`ref`) or its number in the menu (1-based).
    public init?(choice: String) {
        let typed = choice.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(typed), Self.allCases.indices.contains(number - 1) {
            self = Self.allCases[number - 1]
            return
        }
        guard !typed.isEmpty, let found = Self.allCases.first(where: { $0.rawValue.hasPrefix(typed) }) else { return nil }
        self = found
    }
}

/// How a practice ended. Whatever the ending, what was written so far is in the session's changes.
public enum PracticeEnding: Equatable, Sendable {
    /// Every question was asked.
    case finished
    /// Ctrl-D: the person left; the questions after it were not asked.
    case left
    /// Ctrl-C, a hang-up or `kill`: the signal.
    case stopped(Int32)
}
