import EarshotCore
/// Proleptic Gregorian calendar arithmetic in UTC, in integers only (no Foundation dates, no
/// clock): the generator's dates must be the same on every machine.
enum SampleCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of a civil date (Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Seconds since the epoch at 00:00 UTC of a civil date.
    static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        days(year: year, month: month, day: day) * secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
    }

    struct Civil: Equatable {
        var year: Int, month: Int, day: Int
        var hour: Int, minute: Int, second: Int
        /// 0 = Sunday.
        var weekday: Int
    }

    /// The civil date and time of an instant.
    static func civil(_ seconds: Int64) -> Civil {
        var days = seconds / secondsPerDay
        var rest = seconds % secondsPerDay
        if rest < 0 { rest += secondsPerDay; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        var weekday = (days + 4) % 7
        if weekday < 0 { weekday += 7 }
        return Civil(year: Int(y), month: Int(m), day: Int(d),
                     hour: Int(rest / 3600), minute: Int(rest % 3600 / 60), second: Int(rest % 60),
                     weekday: Int(weekday))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The first second of the month that contains `seconds`.
    static func monthStart(_ seconds: Int64) -> Int64 {
        let c = civil(seconds)
        return Self.seconds(year: c.year, month: c.month, day: 1)
    }

    /// The first second of the month after the one that contains `seconds`.
    static func nextMonthStart(_ seconds: Int64) -> Int64 {
        let c = civil(seconds)
        return c.month == 12 ? Self.seconds(year: c.year + 1, month: 1, day: 1)
                             : Self.seconds(year: c.year, month: c.month + 1, day: 1)
    }

    static let weekdayShort = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let weekdayLong = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthLong = ["January", "February", "March", "April", "May", "June", "July", "August",
                            "September", "October", "November", "December"]
}

// MARK: - Writing dates as bytes

extension SampleBytes {
    /// `2015-08-22 22:45:29 +0000` (legacy archive).
    mutating func appendArchiveTime(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        appendISODate(c); append(0x20); appendClock(c, seconds: true); append(" +0000")
    }

    /// `2016-12-23 18:50 +0000` (analytics export: minutes only).
    mutating func appendAnalyticsTime(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        appendISODate(c); append(0x20); appendClock(c, seconds: false); append(" +0000")
    }

    /// `Sun May 04 21:59:52 +0000 2008` (API v1, twarc v1 `created_at`).
    mutating func appendAPITime(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        append(SampleCalendar.weekdayShort[c.weekday]); append(0x20)
        append(SampleCalendar.monthShort[c.month - 1]); append(0x20)
        appendPadded(c.day, width: 2); append(0x20)
        appendClock(c, seconds: true); append(" +0000 ")
        appendInt(c.year)
    }

    /// `2019-09-06T20:38:01.000Z` (twarc2).
    mutating func appendISOMillis(_ t: Int64, millis: Int) {
        let c = SampleCalendar.civil(t)
        appendISODate(c); append(0x54); appendClock(c, seconds: true)
        append(0x2E); appendPadded(millis, width: 3); append(0x5A)
    }

    /// `2019-09-06T20:38:01+00:00` (Atom, twarc retrieval stamps).
    mutating func appendISOOffset(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        appendISODate(c); append(0x54); appendClock(c, seconds: true); append("+00:00")
    }

    /// `2019-09-06 20:38:01+00:00` (twarc v1 `parsed_created_at`).
    mutating func appendPythonTime(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        appendISODate(c); append(0x20); appendClock(c, seconds: true); append("+00:00")
    }

    /// `Mon, 19 Apr 2010 19:44:33 +0000` (RSS, RFC 822).
    mutating func appendRFC822(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        append(SampleCalendar.weekdayShort[c.weekday]); append(", ")
        appendPadded(c.day, width: 2); append(0x20)
        append(SampleCalendar.monthShort[c.month - 1]); append(0x20)
        appendInt(c.year); append(0x20)
        appendClock(c, seconds: true); append(" +0000")
    }

    /// `Tue, Jul 14, 2026` (X analytics `Date`).
    mutating func appendXAnalyticsDate(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        append(SampleCalendar.weekdayShort[c.weekday]); append(", ")
        append(SampleCalendar.monthShort[c.month - 1]); append(0x20)
        appendInt(c.day); append(", ")
        appendInt(c.year)
    }

    /// `YYYY-MM-DD`.
    mutating func appendISODate(_ c: SampleCalendar.Civil) {
        appendPadded(c.year, width: 4); append(0x2D)
        appendPadded(c.month, width: 2); append(0x2D)
        appendPadded(c.day, width: 2)
    }

    /// `YYYYMMDD` (analytics file names).
    mutating func appendCompactDate(_ t: Int64) {
        let c = SampleCalendar.civil(t)
        appendPadded(c.year, width: 4); appendPadded(c.month, width: 2); appendPadded(c.day, width: 2)
    }

    mutating func appendClock(_ c: SampleCalendar.Civil, seconds: Bool) {
        appendPadded(c.hour, width: 2); append(0x3A)
        appendPadded(c.minute, width: 2)
        if seconds { append(0x3A); appendPadded(c.second, width: 2) }
    }
}

/// Dates as Strings, for file names and the few places outside the inner loop.
enum SampleDateText {
    static func isoDate(_ t: Int64) -> String {
        var b = SampleBytes(); b.appendISODate(SampleCalendar.civil(t)); return b.string
    }

    static func compactDate(_ t: Int64) -> String {
        var b = SampleBytes(); b.appendCompactDate(t); return b.string
    }
}
