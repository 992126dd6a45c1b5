import HearthCrypto

/// The recovery key: 140 random bits that a person writes on paper and types back
/// (Docs/FORMAT.md, "Recovery key").
///
/// Shown as 7 groups of 5 characters joined by `-`, e.g. `7H3K1-QW2X5-...`. Each group is
/// 4 random symbols and 1 check symbol from the 32-symbol alphabet
/// `0123456789ABCDEFGHJKMNPQRSTVWXYZ` (Crockford's base32: no I, L, O or U). The check
/// symbol catches every single mistyped character and every swap of two characters inside a
/// group, and a group typed in another group's place, and says which group is wrong.
///
/// The **canonical bytes**, which the recovery slot's Argon2id runs over, are the 35
/// characters of the 7 groups in order, upper case, without separators, as ASCII.
public enum RecoveryKey {
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    public static let groupCount = 7
    public static let dataSymbolsPerGroup = 4
    public static let groupLength = dataSymbolsPerGroup + 1
    /// Length of the canonical bytes (35).
    public static let canonicalLength = groupCount * groupLength
    /// Random bits in a key: 7 groups x 4 symbols x 5 bits.
    public static let entropyBits = groupCount * dataSymbolsPerGroup * 5

    /// A fresh recovery key from libsodium's CSPRNG, as its canonical bytes.
    public static func generate() throws(VaultError) -> SecretBytes {
        do {
            // Each random byte gives one symbol: 256 is a multiple of 32, so `& 31` is uniform.
            let random = try SecretBytes(randomCount: groupCount * dataSymbolsPerGroup)
            let key = try SecretBytes(count: canonicalLength)
            key.withUnsafeMutableBytes { out in
                random.withUnsafeBytes { r in
                    var values = [UInt8](repeating: 0, count: dataSymbolsPerGroup)
                    defer { Memory.wipe(&values) }
                    for group in 0..<groupCount {
                        for i in 0..<dataSymbolsPerGroup {
                            values[i] = r[group * dataSymbolsPerGroup + i] & 31
                            out[group * groupLength + i] = alphabet[Int(values[i])]
                        }
                        out[group * groupLength + dataSymbolsPerGroup] = alphabet[Int(checkSymbol(group: group, values, from: 0))]
                    }
                }
            }
            return key
        } catch {
            throw VaultError.from(error)
        }
    }

    /// The display form, `XXXXX-XXXXX-...`, in secret memory (for writing to the terminal).
    public static func displayForm(_ canonical: SecretBytes) throws(VaultError) -> SecretBytes {
        precondition(canonical.count == canonicalLength)
        do {
            let shown = try SecretBytes(count: canonicalLength + groupCount - 1)
            shown.withUnsafeMutableBytes { out in
                canonical.withUnsafeBytes { c in
                    var n = 0
                    for (i, byte) in c.enumerated() {
                        if i > 0, i % groupLength == 0 {
                            out[n] = UInt8(ascii: "-")
                            n += 1
                        }
                        out[n] = byte
                        n += 1
                    }
                }
            }
            return shown
        } catch {
            throw VaultError.from(error)
        }
    }

    /// Turns what a person typed into the canonical bytes, checking every group.
    ///
    /// Separators are dropped (`separatorLength`), letters are upper-cased, and the look-alikes
    /// `O` (as `0`) and `I`, `L` (as `1`) are accepted. Throws `RecoveryKeyError` naming the
    /// group(s) that do not match their check symbol.
    public static func canonical(fromTyped typed: SecretBytes) throws -> SecretBytes {
        let (buffer, length) = try symbols(fromTyped: typed)
        guard length == canonicalLength else { throw RecoveryKeyError.wrongLength(characters: length) }
        let wrong = (0..<groupCount).filter { !groupChecks(buffer, at: $0 * groupLength, group: $0) }.map { $0 + 1 }
        guard wrong.isEmpty else { throw RecoveryKeyError.checksumMismatch(groups: wrong) }
        return try buffer.prefix(canonicalLength)
    }

    /// The groups (numbered from 1) in which `typed`, read the same forgiving way as
    /// `canonical(fromTyped:)` (any spacing, dashes, case), differs from `key` (canonical bytes);
    /// empty when it is `key`, typed back whole. A typed-back key must be whole: checking only some
    /// groups would let a mistake in the others reach the paper unnoticed. A group that fails its
    /// own check throws `checksumMismatch` naming it (a typo), a wrong number of characters
    /// `wrongLength`. Each group is compared in constant time; which group differs is no secret
    /// from the person holding the key.
    public static func typedBackDifferences(_ typed: SecretBytes, of key: SecretBytes) throws -> [Int] {
        precondition(key.count == canonicalLength)
        let canonical = try canonical(fromTyped: typed)
        return canonical.withUnsafeBytes { t in
            key.withUnsafeBytes { k in
                (0..<groupCount).filter { group in
                    let range = group * groupLength..<(group + 1) * groupLength
                    return !Memory.constantTimeEqual(UnsafeRawBufferPointer(rebasing: t[range]), UnsafeRawBufferPointer(rebasing: k[range]))
                }.map { $0 + 1 }
            }
        }
    }

    /// The symbols of what was typed, upper case, separators dropped, look-alikes mapped, in
    /// secret memory, and how many there are. The first byte that is neither a separator nor
    /// a symbol throws `unknownCharacter` with its group: 1 + (symbols before it) / 5, at most 7.
    static func symbols(fromTyped typed: SecretBytes) throws -> (SecretBytes, Int) {
        let buffer = try SecretBytes(count: max(typed.count, 1))
        var unknownAt: Int?
        let length = buffer.withUnsafeMutableBytes { out in
            typed.withUnsafeBytes { input in
                var n = 0
                var i = 0
                while i < input.count {
                    let skip = separatorLength(input, at: i)
                    if skip > 0 {
                        i += skip
                        continue
                    }
                    var upper = input[i]
                    i += 1
                    if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(upper) { upper -= 32 }
                    switch upper {
                    case UInt8(ascii: "O"): upper = UInt8(ascii: "0")
                    case UInt8(ascii: "I"), UInt8(ascii: "L"): upper = UInt8(ascii: "1")
                    default: break
                    }
                    guard symbolValue(upper) != nil else {
                        unknownAt = n
                        break
                    }
                    out[n] = upper
                    n += 1
                }
                return n
            }
        }
        if let unknownAt {
            throw RecoveryKeyError.unknownCharacter(group: min(unknownAt / groupLength, groupCount - 1) + 1)
        }
        return (buffer, length)
    }

    /// The length in bytes of the separator starting at `i`, or 0. Separators: ASCII `-`,
    /// space, tab, CR and LF; and, in UTF-8, what a key copied from a word processor or a PDF
    /// brings: the no-break spaces U+00A0, U+2007 and U+202F, the dashes U+2010 to U+2015 and
    /// the minus sign U+2212.
    public static func separatorLength(_ input: UnsafeRawBufferPointer, at i: Int) -> Int {
        switch input[i] {
        case UInt8(ascii: "-"), UInt8(ascii: " "), 0x09, 0x0A, 0x0D: return 1
        case 0xC2 where i + 1 < input.count && input[i + 1] == 0xA0: return 2
        case 0xE2 where i + 2 < input.count:
            switch (input[i + 1], input[i + 2]) {
            case (0x80, 0x87), (0x80, 0x90...0x95), (0x80, 0xAF), (0x88, 0x92): return 3
            default: return 0
            }
        default: return 0
        }
    }

    /// True when the 5 symbols at `start` of `symbols` form a valid group number `group` (0-based).
    private static func groupChecks(_ symbols: SecretBytes, at start: Int, group: Int) -> Bool {
        symbols.withUnsafeBytes { s in
            var values = [UInt8](repeating: 0, count: groupLength)
            defer { Memory.wipe(&values) }
            for i in 0..<groupLength { values[i] = symbolValue(s[start + i]) ?? 0 }
            return checkSymbol(group: group, values, from: 0) == values[dataSymbolsPerGroup]
        }
    }

    /// The value 0...31 of a canonical symbol, or nil.
    static func symbolValue(_ symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return symbol - UInt8(ascii: "0")
        default:
            guard let index = alphabet.firstIndex(of: symbol) else { return nil }
            return UInt8(index)
        }
    }

    /// The check symbol of group `group` (0-based) over the four data values at `start`, in GF(2^5) with
    /// the polynomial x^5 + x^2 + 1 and alpha = x:
    /// `check = (group + 1) + alpha^1 d1 + alpha^2 d2 + alpha^3 d3 + alpha^4 d4`.
    /// Every position has a different non-zero coefficient (the check symbol's is 1), so any
    /// one changed symbol and any swap of two different symbols changes the sum.
    static func checkSymbol(group: Int, _ values: [UInt8], from start: Int) -> UInt8 {
        var sum = UInt8(group + 1)
        var coefficient: UInt8 = 2
        for i in start..<(start + dataSymbolsPerGroup) {
            sum ^= GF32.multiply(coefficient, values[i])
            coefficient = GF32.multiply(coefficient, 2)
        }
        return sum
    }
}

/// Why a typed recovery key was not accepted (all: exit 77, "wrong key").
public enum RecoveryKeyError: Error, Equatable, Sendable {
    /// Not 35 symbols once separators are dropped.
    case wrongLength(characters: Int)
    /// A character that recovery keys never use, in this group (1-based).
    case unknownCharacter(group: Int)
    /// These groups (1-based) do not match their check symbol: a character there was mistyped.
    case checksumMismatch(groups: [Int])
}

/// Arithmetic in GF(2^5) modulo x^5 + x^2 + 1 (a primitive polynomial), for check symbols.
enum GF32 {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a & 31
        var b = b & 31
        var product: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { product ^= a }
            b >>= 1
            a <<= 1
            if a & 0x20 != 0 { a ^= 0x25 }
        }
        return product
    }
}
