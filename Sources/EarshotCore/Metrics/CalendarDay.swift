/// A UTC calendar day, as `first_post` and `last_post` write it (`YYYY-MM-DD`).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// The UTC day of an instant (seconds since 1970-01-01 UTC).
    public init(instant seconds: Int64) {
        var days = seconds / 86_400
        if seconds % 86_400 < 0 { days -= 1 }
        daysSinceEpoch = days
    }

    public var month: CalendarMonth {
        let (year, month, _) = Timestamp.civilFromDays(daysSinceEpoch)
        return CalendarMonth(year: year, month: month)
    }

    public var description: String {
        let (year, month, day) = Timestamp.civilFromDays(daysSinceEpoch)
        return CalendarMonth.yearText(year) + "-" + CalendarMonth.twoDigits(month) + "-" + CalendarMonth.twoDigits(day)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}

/// A UTC calendar month (`YYYY-MM`), countable so that month ranges include empty months.
public struct CalendarMonth: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    /// year * 12 + (month - 1).
    public var index: Int

    public init(year: Int, month: Int) { index = year * 12 + (month - 1) }
    private init(index: Int) { self.index = index }

    public init(instant seconds: Int64) { self = CalendarDay(instant: seconds).month }

    public var year: Int { index >= 0 ? index / 12 : (index - 11) / 12 }
    public var month: Int { index - year * 12 + 1 }

    public var description: String { Self.yearText(year) + "-" + Self.twoDigits(month) }

    public static func < (a: CalendarMonth, b: CalendarMonth) -> Bool { a.index < b.index }
    public func distance(to other: CalendarMonth) -> Int { other.index - index }
    public func advanced(by n: Int) -> CalendarMonth { CalendarMonth(index: index + n) }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Four digits for years 0 to 9999 (the only ones a real post has).
    static func yearText(_ year: Int) -> String {
        guard year >= 0, year < 10_000 else { return "\(year)" }
        let text = "\(year)"
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
