/// Little-endian integer reads and writes for fixed-layout headers.
enum LittleEndian {
    static func read<T: FixedWidthInteger>(_ type: T.Type, from bytes: ArraySlice<UInt8>, at offset: Int) -> T {
        var value: T = 0
        let start = bytes.startIndex + offset
        for i in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: bytes[start + i]) << (8 * i)
        }
        return value
    }

    static func read<T: FixedWidthInteger>(_ type: T.Type, from bytes: [UInt8], at offset: Int) -> T {
        read(type, from: bytes[...], at: offset)
    }

    static func write<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<MemoryLayout<T>.size {
            bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i))
        }
    }

    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: MemoryLayout<T>.size)
        write(value, into: &out, at: 0)
        return out
    }
}

extension Array where Element == UInt8 {
    /// True when every byte in `range` is zero.
    func allZero(_ range: Range<Int>) -> Bool {
        self[range].allSatisfy { $0 == 0 }
    }
}
