/// An engagement counter as the exports write it (formats.md, "Common rules").
public enum Counter: Equatable, Sendable {
    /// Empty or `-`: the source does not know.
    case unknown
    case value(Int)
    /// Anything else: the counter is unknown and the reader adds a warning.
    case invalid

    /// The value when known; `nil` for unknown and invalid.
    public var known: Int? {
        if case let .value(v) = self { return v }
        return nil
    }

    /// `18`, `18.0`, `1,234`, `100+` (a lower bound: 100), empty or `-` (unknown).
    public static func parse<S: StringProtocol>(_ text: S) -> Counter {
        let trimmed = text.utf8.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
        if trimmed.isEmpty || (trimmed.count == 1 && trimmed.first == 45) { return .unknown }
        var value = 0
        var digits = 0
        var sawPoint = false
        var sawPlus = false
        for b in trimmed {
            if sawPlus { return .invalid } // `+` only at the end
            switch b {
            case 48...57 where sawPoint:
                if b != 48 { return .invalid } // a fraction that is not zero is no count
            case 48...57:
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int(b - 48))
                if o1 || o2 { return .invalid }
                value = sum
                digits += 1
            case 44 where digits > 0 && !sawPoint: // thousands separator
                continue
            case 46 where digits > 0 && !sawPoint:
                sawPoint = true
            case 43 where digits > 0:
                sawPlus = true
            default:
                return .invalid
            }
        }
        return digits > 0 ? .value(value) : .invalid
    }
}
