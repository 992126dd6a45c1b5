import GRDB

/// "Naming feelings": how many different feeling words were used each month (emotional
/// granularity), and the words used most.
public struct FeelingGranularity: Equatable, Sendable {
    public struct Month: Equatable, Sendable {
        /// Local month of the records, `2026-03`.
        public let month: String
        /// Different words named that month.
        public let distinctWords: Int
        /// Feelings named in all (each word of each record).
        public let namings: Int
        /// `distinctWords`, withheld when fewer than three feelings were named.
        public var distinct: Figure { Figure(Double(distinctWords), n: namings) }
    }

    public struct Word: Equatable, Sendable {
        public let word: String
        public let count: Int
    }

    /// Oldest first.
    public let months: [Month]
    /// Different words over the whole scope.
    public let distinctWords: Int
    public let namings: Int
    /// Most used first (at most `FeelingGranularityQuery.topWords`).
    public let mostUsed: [Word]
}

enum FeelingGranularityQuery {
    static let topWords = 10

    static func run(_ db: Database, _ columns: RecordColumns) throws -> FeelingGranularity? {
        var words: [String] = []
        var uses: [Int] = []
        // Per month: feelings named, and which words: a bit per month for each word.
        let firstMonth = columns.months.lowerBound
        var namings = [Int](repeating: 0, count: columns.months.count)
        var wordMonths: [[UInt64]] = []
        var current = [UInt64](repeating: 0, count: (columns.months.count + 63) / 64)
        func finishWord() {
            guard !words.isEmpty else { return }
            wordMonths.append(current)
            current = [UInt64](repeating: 0, count: current.count)
        }
        // In word order (the feeling index), so each word is read as text once.
        var previous: [UInt8] = []
        var row = try RowScan(db, "SELECT feeling, record_seq FROM record_feeling ORDER BY feeling, record_seq")
        while try row.next() {
            guard let i = columns.position(row.int(1)), columns.inScope[i] else { continue }
            let bytes = row.bytes(0)
            if words.isEmpty || !RowScan.same(bytes, previous) {
                finishWord()
                previous = Array(bytes)
                words.append(String(decoding: bytes, as: UTF8.self))
                uses.append(0)
            }
            uses[uses.count - 1] += 1
            let month = Int(columns.month[i] - firstMonth)
            namings[month] += 1
            current[month >> 6] |= 1 << UInt64(month & 63)
        }
        finishWord()
        guard !words.isEmpty else { return nil }
        return FeelingGranularity(
            months: namings.indices.filter { namings[$0] > 0 }.map { m in
                .init(
                    month: MonthKey.text(firstMonth + Int32(m)),
                    distinctWords: wordMonths.reduce(0) { $0 + Int(($1[m >> 6] >> UInt64(m & 63)) & 1) }, namings: namings[m])
            },
            distinctWords: words.count, namings: uses.reduce(0, +),
            mostUsed: words.indices.sorted { (uses[$0], words[$1]) > (uses[$1], words[$0]) }.prefix(topWords)
                .map { .init(word: words[$0], count: uses[$0]) })
    }
}
