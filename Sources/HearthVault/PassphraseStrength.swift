import HearthCrypto

/// What stands out about a new passphrase that makes it easy to guess, for one calm line of
/// advice when it is chosen at the terminal. It never refuses anything: the person decides.
///
/// A stolen vault file can be attacked offline, one Argon2id derivation per guess; attackers
/// try common passwords first, then short ones, then ones of a single kind of character. The
/// check is pure and reads the passphrase where it is, in secret memory: it is never copied
/// into a Swift `String`, and the one working copy (lower-cased, for the list) is secret memory
/// too, zeroed when freed.
public enum PassphraseStrength {
    public enum Weakness: Equatable, Sendable {
        /// On the list of common passwords (`CommonPasswords`), ignoring case, spaces and dashes,
        /// digits and signs at the end, and letters written as look-alike digits (`p@ssw0rd`).
        case common
        /// Fewer than `shortLength` characters.
        case short
        /// Mostly one kind of character (only digits, or nearly all lower-case letters) while
        /// not long, or very few different characters at any length (`aaaaaaaaaaaaaaaa`).
        case oneKind
    }

    /// Characters (Unicode scalars) below which a passphrase is called short.
    public static let shortLength = 12
    /// Characters from which one kind of character is enough (four or five words in lower case).
    public static let longEnoughForOneKind = 16
    /// Share of characters of one kind (in percent) that counts as "mostly one kind".
    static let mostlyPercent = 90
    /// Fewer different characters than this is repetition, whatever the length.
    static let fewestDistinct = 6

    /// The most telling weakness of `passphrase` (UTF-8), or nil when nothing stands out.
    /// Checked in this order: common, short, one kind.
    public static func weakness(of passphrase: SecretBytes) -> Weakness? {
        if isCommon(passphrase) { return .common }
        let counts = passphrase.withUnsafeBytes { characterCounts($0) }
        if counts.total < shortLength { return .short }
        if counts.distinct < fewestDistinct { return .oneKind }
        if counts.total < longEnoughForOneKind, counts.largestKind * 100 >= counts.total * mostlyPercent { return .oneKind }
        // Only digits (a date, a phone number) is one kind at any length a person would type.
        if counts.digits == counts.total, counts.total < 24 { return .oneKind }
        return nil
    }

    struct Counts {
        var total = 0
        var digits = 0
        var largestKind = 0
        var distinct = 0
    }

    /// Characters by kind: lower-case letters, upper-case letters, digits, spaces, other signs,
    /// and characters beyond ASCII (counted once per character, not per byte).
    static func characterCounts(_ bytes: UnsafeRawBufferPointer) -> Counts {
        var kinds = [Int](repeating: 0, count: 6)
        var seen = [Bool](repeating: false, count: 256)
        var counts = Counts()
        for byte in bytes where byte & 0xC0 != 0x80 {
            counts.total += 1
            if !seen[Int(byte)] {
                seen[Int(byte)] = true
                counts.distinct += 1
            }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): kinds[0] += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): kinds[1] += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): kinds[2] += 1
            case UInt8(ascii: " "): kinds[3] += 1
            case 0x80...: kinds[5] += 1
            default: kinds[4] += 1
            }
        }
        // Lead bytes of different characters beyond ASCII may repeat: count those generously.
        if kinds[5] > 0 { counts.distinct = max(counts.distinct, min(kinds[5], fewestDistinct)) }
        counts.digits = kinds[2]
        counts.largestKind = kinds.max() ?? 0
        // Which bytes occur says something about the passphrase: zeroed like all derived from it.
        seen.withUnsafeMutableBytes { Memory.wipe($0) }
        kinds.withUnsafeMutableBytes { Memory.wipe($0) }
        return counts
    }

    /// True when `passphrase`, folded (`folded`), is on the list, as it is or with digits and
    /// signs at its end left off ("password123!"), and with look-alike digits read as letters.
    static func isCommon(_ passphrase: SecretBytes) -> Bool {
        for reading in [LookAlikes.asTyped, .oneAsI, .oneAsL] {
            guard let folded = try? fold(passphrase, reading: reading) else { return false }
            let found = folded.withUnsafeBytes { raw -> Bool in
                var length = raw.count
                if CommonPasswords.contains(UnsafeRawBufferPointer(rebasing: raw[0..<length])) { return true }
                while length > 0, !isLetter(raw[length - 1]) { length -= 1 }
                return length > 0 && length < raw.count
                    && CommonPasswords.contains(UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            }
            if found { return true }
        }
        return false
    }

    /// How digits and signs that look like letters are read: as typed (`1qaz2wsx` is on the
    /// list as it is), or as letters, `1` as `i` or as `l` (`p@ssw0rd`, `l0vely`).
    enum LookAlikes {
        case asTyped, oneAsI, oneAsL
    }

    /// The passphrase as the list is written: ASCII letters in lower case, spaces, dashes,
    /// underscores and dots left out, and look-alike digits and signs read as `reading` says,
    /// except at the end. In secret memory (zeroed when freed), like the passphrase.
    static func fold(_ passphrase: SecretBytes, reading: LookAlikes) throws -> SecretBytes {
        let one: UInt8? = switch reading {
        case .asTyped: nil
        case .oneAsI: UInt8(ascii: "i")
        case .oneAsL: UInt8(ascii: "l")
        }
        let count = passphrase.count
        let out = try SecretBytes(count: count)
        let used = out.withUnsafeMutableBytes { o in
            passphrase.withUnsafeBytes { p -> Int in
                // Digits and signs at the end stay as they are ("password123" is "password" + "123").
                var end = p.count
                while end > 0, !isLetter(lowered(p[end - 1])) { end -= 1 }
                var n = 0
                for i in 0..<p.count {
                    var c = lowered(p[i])
                    if c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") {
                        continue
                    }
                    if let one, i < end {
                        switch c {
                        case UInt8(ascii: "@"), UInt8(ascii: "4"): c = UInt8(ascii: "a")
                        case UInt8(ascii: "0"): c = UInt8(ascii: "o")
                        case UInt8(ascii: "1"), UInt8(ascii: "!"): c = one
                        case UInt8(ascii: "3"): c = UInt8(ascii: "e")
                        case UInt8(ascii: "$"), UInt8(ascii: "5"): c = UInt8(ascii: "s")
                        case UInt8(ascii: "7"): c = UInt8(ascii: "t")
                        default: break
                        }
                    }
                    o[n] = c
                    n += 1
                }
                return n
            }
        }
        return try out.prefix(used)
    }

    private static func lowered(_ c: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) ? c + 32 : c
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
    }
}
