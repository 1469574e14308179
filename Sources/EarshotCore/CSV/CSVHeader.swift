/// The header row: finds columns by name, because every exporter has changed its column order
/// over the years (formats.md). Names compare lower-cased and trimmed of white space.
public struct CSVHeader: Sendable {
    /// The column names as written (trimmed), in order.
    public let names: [String]
    private let indexes: [String: Int]

    public init(_ names: [String]) {
        self.names = names.map { $0.trimmingWhiteSpace() }
        var indexes: [String: Int] = [:]
        for (i, name) in self.names.enumerated() {
            let key = name.asciiFastLowercased()
            if indexes[key] == nil { indexes[key] = i }  // a repeated name: the first one counts
        }
        self.indexes = indexes
    }

    public init(_ record: CSVRecord) {
        self.init((0..<record.count).map { record.string(at: $0) })
    }

    public var count: Int { names.count }

    /// The index of the column, found case-insensitively: `index(of: "Tweet id")`.
    public func index(of name: String) -> Int? {
        indexes[name.trimmingWhiteSpace().asciiFastLowercased()]
    }

    /// The first of several names that is a column (`likes` or, before 2015, `favorites`).
    public func index(ofAny names: [String]) -> Int? {
        for name in names {
            if let i = index(of: name) { return i }
        }
        return nil
    }

    public func contains(_ name: String) -> Bool { index(of: name) != nil }
}

extension String {
    /// `lowercased()`, by bytes when the text is ASCII (column names, handles): headers are read
    /// for every file, and thousands of small files make that add up.
    func asciiFastLowercased() -> String {
        enum Outcome { case unchanged, lowered(String), unicode }
        var copy = self
        let outcome = copy.withUTF8 { utf8 -> Outcome in
            var needsChange = false
            for b in utf8 {
                if b >= 0x80 { return .unicode }
                if b >= 0x41 && b <= 0x5A { needsChange = true }
            }
            guard needsChange else { return .unchanged }
            return .lowered(String(unsafeUninitializedCapacity: utf8.count) { out in
                for (i, b) in utf8.enumerated() { out[i] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
                return utf8.count
            })
        }
        switch outcome {
        case .unchanged: return self
        case let .lowered(text): return text
        case .unicode: return lowercased()
        }
    }

    /// Trimmed of spaces, tabs and line ends, without Foundation.
    func trimmingWhiteSpace() -> String {
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !ASCII.isWhiteSpace(first), !ASCII.isWhiteSpace(last) {
            return self  // the usual case, without looking at Unicode properties
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
