import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

@Suite("Recovery key encoding")
struct RecoveryKeyTests {
    private func secret(_ text: String) throws -> SecretBytes { try SecretBytes(copying: Array(text.utf8)) }
    private func text(_ secret: SecretBytes) -> String { secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// Vectors from Docs/FORMAT.md, also computed by an independent script.
    @Test func publishedVectors() throws {
        for vector in ["01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV", "00001-00002-00003-00004-00005-00006-00007"] {
            let canonical = try RecoveryKey.canonical(fromTyped: try secret(vector))
            #expect(text(canonical) == vector.replacingOccurrences(of: "-", with: ""))
            #expect(text(try RecoveryKey.displayForm(canonical)) == vector)
        }
    }

    @Test func generatedKeysRoundTripAndAreDistinct() throws {
        var seen = Set<String>()
        var symbolsSeen = Set<Character>()
        for _ in 0..<500 {
            let key = try RecoveryKey.generate()
            #expect(key.count == 35)
            let shown = text(try RecoveryKey.displayForm(key))
            #expect(shown.wholeMatch(of: /([0-9A-HJKMNP-TV-Z]{5}-){6}[0-9A-HJKMNP-TV-Z]{5}/) != nil)
            #expect(try RecoveryKey.canonical(fromTyped: try secret(shown)) == key)
            seen.insert(shown)
            for (i, c) in shown.replacingOccurrences(of: "-", with: "").enumerated() where i % 5 != 4 {
                symbolsSeen.insert(c)
            }
        }
        #expect(seen.count == 500)
        // Every symbol of the alphabet turns up in data positions (the generator covers all 32).
        #expect(symbolsSeen.count == 32)
        #expect(RecoveryKey.entropyBits >= 128)
    }

    @Test func forgivingInput() throws {
        let canonical = "01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV"
        let expected = try RecoveryKey.canonical(fromTyped: try secret(canonical))
        for typed in [
            "o123o 4567m 89ab9 cdefs ghjkj mnpq6 rstvv",  // lower case, O for 0, spaces
            "0I230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV",  // I for 1
            "0L230\n4567M-89AB9\tCDEFS-GHJKJ-MNPQ6-RSTVV\r\n",
            "0123045 67M89AB9CDEFSGHJKJMNPQ6RSTVV",  // separators anywhere
        ] {
            #expect(try RecoveryKey.canonical(fromTyped: try secret(typed)) == expected, "\(typed)")
        }
    }

    /// Every single-character substitution, at every position, with every other symbol,
    /// is caught and blamed on the right group.
    @Test func everySubstitutionIsCaughtInItsGroup() throws {
        let key = text(try RecoveryKey.generate())
        let alphabet = RecoveryKey.alphabet.map { Character(UnicodeScalar($0)) }
        var chars = Array(key)
        for position in 0..<chars.count {
            let original = chars[position]
            for replacement in alphabet where replacement != original {
                chars[position] = replacement
                #expect(throws: RecoveryKeyError.checksumMismatch(groups: [position / 5 + 1])) {
                    try RecoveryKey.canonical(fromTyped: try secret(String(chars)))
                }
            }
            chars[position] = original
        }
    }

    @Test func swapsInsideAGroupAndSwappedGroupsAreCaught() throws {
        for _ in 0..<20 {
            let key = Array(text(try RecoveryKey.generate()))
            for group in 0..<7 {
                for i in 0..<5 {
                    for j in (i + 1)..<5 where key[group * 5 + i] != key[group * 5 + j] {
                        var swapped = key
                        swapped.swapAt(group * 5 + i, group * 5 + j)
                        #expect(throws: RecoveryKeyError.checksumMismatch(groups: [group + 1])) {
                            try RecoveryKey.canonical(fromTyped: try secret(String(swapped)))
                        }
                    }
                }
            }
            var groups = stride(from: 0, to: 35, by: 5).map { Array(key[$0..<($0 + 5)]) }
            groups.swapAt(2, 5)
            #expect(throws: RecoveryKeyError.checksumMismatch(groups: [3, 6])) {
                try RecoveryKey.canonical(fromTyped: try secret(String(groups.joined())))
            }
        }
    }

    @Test func wrongShapes() throws {
        #expect(throws: RecoveryKeyError.wrongLength(characters: 30)) {
            try RecoveryKey.canonical(fromTyped: try secret("01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6"))
        }
        #expect(throws: RecoveryKeyError.wrongLength(characters: 0)) {
            try RecoveryKey.canonical(fromTyped: try secret(""))
        }
        #expect(throws: RecoveryKeyError.unknownCharacter(group: 4)) {
            try RecoveryKey.canonical(fromTyped: try secret("01230-4567M-89AB9-CDUFS-GHJKJ-MNPQ6-RSTVV"))
        }
        #expect(throws: RecoveryKeyError.unknownCharacter(group: 1)) {
            try RecoveryKey.canonical(fromTyped: try secret("pass!word"))
        }
    }

    /// The example in Docs/FORMAT.md and README.md is a valid key (every group checks).
    @Test func documentedExampleIsValid() throws {
        let example = "7H3K1-QW2X5-0M4T0-YY81G-NPQ6Y-D2G5T-KK0AK"
        #expect(text(try RecoveryKey.canonical(fromTyped: try secret(example))) == example.replacingOccurrences(of: "-", with: ""))
        for document in ["Docs/FORMAT.md", "README.md"] {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let content = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            for match in content.matches(of: /[0-9A-Z]{5}(-[0-9A-Z]{5}){6}/) {
                #expect(throws: Never.self, "\(document): \(match.output.0)") {
                    try RecoveryKey.canonical(fromTyped: try secret(String(match.output.0)))
                }
            }
        }
    }

    /// A key copied from a PDF or a word processor: typographic dashes and no-break spaces.
    @Test func typographicSeparators() throws {
        let expected = try RecoveryKey.canonical(fromTyped: try secret("01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV"))
        for separator in ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
                          "\u{00A0}", "\u{2007}", "\u{202F}", " \u{2013} "] {
            let typed = ["01230", "4567M", "89AB9", "CDEFS", "GHJKJ", "MNPQ6", "RSTVV"].joined(separator: separator)
            #expect(try RecoveryKey.canonical(fromTyped: try secret(typed)) == expected, "\(separator.unicodeScalars.map { $0.value })")
        }
        // Other non-ASCII characters are not separators: blamed on the group they fall in.
        #expect(throws: RecoveryKeyError.unknownCharacter(group: 2)) {
            try RecoveryKey.canonical(fromTyped: try secret("01230\u{2016}4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV"))
        }
        #expect(throws: RecoveryKeyError.unknownCharacter(group: 3)) {
            try RecoveryKey.canonical(fromTyped: try secret("01230-4567M-89A\u{00A1}B9-CDEFS-GHJKJ-MNPQ6-RSTVV"))
        }
    }

    /// The group of a stray byte is 1 + (symbols before it) / 5, at most 7.
    @Test func groupOfAStrayByte() throws {
        for (typed, group) in [("!0123", 1), ("0123!", 1), ("01230!", 2), ("01230-4567!", 2), ("01230-4567M-!", 3),
                               (String(repeating: "0", count: 40) + "!", 7), ("0123\u{00E9}", 1)] {
            #expect(throws: RecoveryKeyError.unknownCharacter(group: group), "\(typed)") {
                try RecoveryKey.canonical(fromTyped: try secret(typed))
            }
        }
    }

    /// Typing a new key back: all of it (any spacing, dashes or case), and a mismatch names the
    /// groups that differ. Only the first and last groups are no longer enough.
    @Test func typedBack() throws {
        let key = try RecoveryKey.generate()
        let shown = text(try RecoveryKey.displayForm(key))
        let groups = shown.split(separator: "-").map(String.init)
        #expect(try RecoveryKey.typedBackDifferences(try secret(shown.lowercased()), of: key) == [])
        #expect(try RecoveryKey.typedBackDifferences(try secret(groups.joined(separator: "  ")), of: key) == [])
        #expect(try RecoveryKey.typedBackDifferences(try secret(groups.joined()), of: key) == [])
        // First and last groups only: too short, not accepted.
        #expect(throws: RecoveryKeyError.wrongLength(characters: 10)) {
            try RecoveryKey.typedBackDifferences(try secret(groups[0] + " " + groups[6]), of: key)
        }
        // Valid groups of another key in groups 3 and 5: those two are named.
        let other = text(try RecoveryKey.displayForm(try RecoveryKey.generate())).split(separator: "-").map(String.init)
        var mixed = groups
        mixed[2] = other[2]
        mixed[4] = other[4]
        let expected = [3, 5].filter { groups[$0 - 1] != other[$0 - 1] }
        #expect(try RecoveryKey.typedBackDifferences(try secret(mixed.joined(separator: "-")), of: key) == expected)
        // First and last swapped: each group checks with its own number, so both are named.
        var swapped = groups
        swapped.swapAt(0, 6)
        #expect(throws: RecoveryKeyError.checksumMismatch(groups: [1, 7])) {
            try RecoveryKey.typedBackDifferences(try secret(swapped.joined(separator: "-")), of: key)
        }
        var typo = groups
        var last = Array(typo[6])
        last[2] = last[2] == "A" ? "B" : "A"
        typo[6] = String(last)
        #expect(throws: RecoveryKeyError.checksumMismatch(groups: [7])) {
            try RecoveryKey.typedBackDifferences(try secret(typo.joined(separator: "-")), of: key)
        }
        #expect(throws: RecoveryKeyError.wrongLength(characters: 5)) {
            try RecoveryKey.typedBackDifferences(try secret(groups[0]), of: key)
        }
    }

    @Test func fieldArithmetic() {
        // x^5 = x^2 + 1 under the polynomial x^5 + x^2 + 1; alpha = x has order 31 (primitive).
        #expect(GF32.multiply(16, 2) == 5)
        var power: UInt8 = 1
        var seen = Set<UInt8>()
        for _ in 0..<31 {
            seen.insert(power)
            power = GF32.multiply(power, 2)
        }
        #expect(power == 1)
        #expect(seen.count == 31)
    }
}
