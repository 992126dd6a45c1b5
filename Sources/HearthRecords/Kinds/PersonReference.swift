import Foundation

/// What a person typed to mean someone in their vault: an id, the beginning of an id, a name,
/// or the beginning of a name. One set of rules for every place a person is asked for (a prompt,
/// an editor draft's `people:` line, `--person -`); a pure function over the people at hand, so
/// it is tested in process and the terminal only asks when it is `.several`.
///
/// The rules, best first; the first rule that finds anyone decides:
/// 1. the exact id;
/// 2. the beginning of an id (at least 4 characters), or the exact name;
/// 3. the exact name, when what was typed has no accents and the name has (`Zoe` finds `Zoë`);
/// 4. the beginning of a name, the same way (`sam` finds `Samira`; `Zoë` does not find `Zoe`).
///
/// Names are compared after NFKC normalization, full Unicode case folding and joining runs of
/// white space, so `SAM`, `ｓａｍ` and `Sam` are the same, and so are `Straße` and `STRASSE`.
/// Accents follow what was typed: left out, they are not needed (many keyboards make them hard,
/// and a tired person should not have to find the ë); typed, they count, so two people told apart
/// only by an accent can still be named exactly. Only the combining accents of Latin, Greek and
/// Cyrillic letters are set aside this way: marks that are letters of their own script (the vowel
/// signs of Devanagari, say) always count. An id beginning and an exact name share a rule, so that
/// a name that looks like an id (`Abba`, `Dede`) is never silently taken for someone else's id:
/// when both match different people, the person chooses.
///
/// Only ids are taken from the command line (`Scope.ids`): a name there would be visible to
/// every user of the machine in the process list and kept in shell history.
public struct PersonReference: Sendable {
    /// Someone who can be meant.
    public struct Candidate: Sendable, Equatable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// Whom a reference means.
    public enum Resolution: Sendable, Equatable {
        case one(Candidate)
        /// Several people fit equally well (in the order given), for the person to choose from.
        case several([Candidate])
        case nobody
    }

    /// What may be matched.
    public enum Scope: Sendable {
        /// Ids and their beginnings only (what comes from the command line or `--json`).
        case ids
        /// Ids, names and their beginnings (what is typed at a prompt or in a draft).
        case idsAndNames
    }

    /// An id beginning needs this many characters: shorter ones match too many by chance.
    public static let shortestIDBeginning = 4

    /// What was typed, trimmed.
    public let typed: String

    /// nil for nothing but white space.
    public init?(_ typed: String) {
        let trimmed = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.typed = trimmed
    }

    /// Whom this reference means among `people`.
    public func resolve(among people: [Candidate], scope: Scope = .idsAndNames) -> Resolution {
        if let exact = people.first(where: { $0.id == typed }) { return .one(exact) }
        var tiers: [[Candidate]] = []
        let idBeginning = typed.count >= Self.shortestIDBeginning && RecordID.isValid(typed)
            ? people.filter { $0.id.lowercased().hasPrefix(typed.lowercased()) } : []
        guard scope == .idsAndNames else { return Self.decide([idBeginning]) }

        let key = Self.nameKey(typed)
        let loose = Self.withoutAccents(key)
        // Typed without accents: compare with the names' accents set aside as well.
        let typedHasAccents = loose != key
        let names = people.map { (person: $0, key: Self.nameKey($0.name)) }
        func comparable(_ name: String) -> String { typedHasAccents ? name : Self.withoutAccents(name) }

        let exactName = names.filter { $0.key == key }.map(\.person)
        tiers.append(idBeginning + exactName.filter { named in !idBeginning.contains(named) })
        if !typedHasAccents { tiers.append(names.filter { comparable($0.key) == loose }.map(\.person)) }
        tiers.append(names.filter { comparable($0.key).hasPrefix(typedHasAccents ? key : loose) }.map(\.person))
        return Self.decide(tiers)
    }

    /// The first tier that found anyone decides.
    private static func decide(_ tiers: [[Candidate]]) -> Resolution {
        for tier in tiers where !tier.isEmpty {
            return tier.count == 1 ? .one(tier[0]) : .several(tier)
        }
        return .nobody
    }

    /// A name as it is compared: NFKC, case folded (full folding: `ß` is `ss`), runs of white
    /// space joined into one space. Accents are kept.
    public static func nameKey(_ name: String) -> String {
        let folded = name.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A name key with the combining accents of Latin, Greek and Cyrillic letters left out.
    static func withoutAccents(_ key: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in key.decomposedStringWithCanonicalMapping.unicodeScalars where !isAccent(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// The blocks of combining diacritical marks (and their supplement and extended blocks):
    /// accents over letters, not letters of their own.
    private static func isAccent(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        default: false
        }
    }
}
