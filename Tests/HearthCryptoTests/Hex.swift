import Foundation

/// Bytes from a hex string of a published test vector; whitespace is ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { i in
        UInt8(String(String.UnicodeScalarView(digits[i..<(i + 2)])), radix: 16)!
    }
}

/// Lower-case hex of `bytes`, for readable failure messages.
func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { String(format: "%02x", $0) }.joined()
}
