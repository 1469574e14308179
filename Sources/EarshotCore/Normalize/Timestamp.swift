/// Timestamps in every form the exports use (formats.md, "Common rules"), converted to seconds
/// since 1970-01-01 UTC. Hand-written over UTF-8 bytes: it runs once per record, and Foundation's
/// date formatters are slow and locale-dependent.
public enum Timestamp {
    /// Parses any supported form; `nil` means the record is rejected with `bad timestamp`.
    ///
    /// - `2015-08-22 22:45:29 +0000`, `2016-12-23 18:50 +0000`, and ISO 8601 such as
    ///   `2019-09-06T20:38:01.000Z`, `2019-09-06T20:38:01+02:00`, `2019-09-06`
    /// - `Sun May 04 21:59:52 +0000 2008` (API v1, tweets.js)
    /// - `Mon, 19 Apr 2010 19:44:33 +0000` / `GMT` (RSS, RFC 822)
    /// - `Tue, Jul 14, 2026` (X analytics: the day at 00:00 UTC)
    public static func parse<S: StringProtocol>(_ text: S) -> Int64? {
        parse(utf8: Array(text.utf8))
    }

    /// The same over UTF-8 bytes: CSV readers parse a field without making a `String` of it.
    public static func parse(utf8 bytes: [UInt8]) -> Int64? {
        bytes.withUnsafeBufferPointer { parse(utf8: $0) }
    }

    /// The same over bytes in place.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let common = commonForm(bytes) { return common }
        return parseAnyForm(utf8: bytes)
    }

    /// The forms exports write millions of times, read without the general scanner:
    /// `YYYY-MM-DD HH:MM[:SS] ±HHMM` (archives, analytics) and `YYYY-MM-DDTHH:MM:SS[.fff]Z`
    /// (API v2). `nil` means "not one of them": the general scanner then decides, and for these
    /// forms it gives the same instant (tested).
    static func commonForm(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        if n == 30 { return apiV1Form(b) }
        guard n >= 16 else { return nil }
        @inline(__always) func digit(_ k: Int) -> Int? {
            let v = b[k] &- 48
            return v < 10 ? Int(v) : nil
        }
        @inline(__always) func two(_ k: Int) -> Int? {
            guard let a = digit(k), let c = digit(k + 1) else { return nil }
            return a * 10 + c
        }
        guard let y1 = two(0), let y2 = two(2), b[4] == 45, let mo = two(5), b[7] == 45, let d = two(8),
              b[10] == 32 || b[10] == 84, let h = two(11), b[13] == 58, let mi = two(14) else { return nil }
        var k = 16
        var sec = 0
        if k < n, b[k] == 58 {
            guard k + 2 < n, let s = two(k + 1) else { return nil }
            sec = s
            k += 3
            if k < n, b[k] == 46 {
                k += 1
                while k < n, b[k] &- 48 < 10 { k += 1 }
            }
        }
        var offset = 0
        if k == n - 1, b[k] == 90 {
            offset = 0
        } else if k == n - 6, b[k] == 32, b[k + 1] == 43 || b[k + 1] == 45, let hh = two(k + 2), let mm = two(k + 4) {
            guard hh < 24, mm < 60 else { return nil }
            offset = (hh * 3600 + mm * 60) * (b[k + 1] == 45 ? -1 : 1)
        } else if k != n {
            return nil
        }
        guard h < 24, mi < 60, sec <= 60 else { return nil }
        return Scanner(b).instant(y1 * 100 + y2, mo, d, h * 3600 + mi * 60 + sec, offset)
    }

    /// `Sun May 04 21:59:52 +0000 2008` (API v1 XML and JSON), exactly so; else `nil`.
    static func apiV1Form(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        @inline(__always) func two(_ k: Int) -> Int? {
            let (a, c) = (b[k] &- 48, b[k + 1] &- 48)
            return a < 10 && c < 10 ? Int(a) * 10 + Int(c) : nil
        }
        @inline(__always) func name(_ k: Int) -> UInt32 {
            UInt32(b[k] | 0x20) << 16 | UInt32(b[k + 1] | 0x20) << 8 | UInt32(b[k + 2] | 0x20)
        }
        @inline(__always) func letters(_ k: Int) -> Bool {
            (k..<(k + 3)).allSatisfy { (b[$0] | 0x20) &- 0x61 < 26 }
        }
        guard b[3] == 32, b[7] == 32, b[10] == 32, b[13] == 58, b[16] == 58, b[19] == 32, b[25] == 32,
              b[20] == 43 || b[20] == 45, letters(0), letters(4),
              shortDayNames.contains(name(0)), let month = shortMonthNames.firstIndex(of: name(4)),
              let d = two(8), let h = two(11), let mi = two(14), let sec = two(17), let hh = two(21), let mm = two(23),
              let y1 = two(26), let y2 = two(28), h < 24, mi < 60, sec <= 60, hh < 24, mm < 60 else { return nil }
        let offset = (hh * 3600 + mm * 60) * (b[20] == 45 ? -1 : 1)
        return Scanner(b).instant(y1 * 100 + y2, month + 1, d, h * 3600 + mi * 60 + sec, offset)
    }

    private static let shortDayNames: [UInt32] = dayNames.map(packed)
    private static let shortMonthNames: [UInt32] = monthNames.map(packed)
    private static func packed(_ name: String) -> UInt32 {
        name.utf8.prefix(3).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Every form the spec lists, through the general scanner.
    static func parseAnyForm(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var scanner = Scanner(bytes)
        scanner.skipSpaces()
        guard let first = scanner.peek else { return nil }
        let result: Int64?
        if isDigit(first) {
            let start = scanner.i
            if let iso = scanner.isoLike() {
                result = iso
            } else {
                scanner.i = start // RFC 822 without the optional weekday
                result = scanner.rfc822()
            }
        } else {
            result = scanner.named()
        }
        guard result != nil else { return nil }
        scanner.skipSpaces()
        return scanner.atEnd ? result : nil
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The calendar date of a day count from 1970-01-01.
    public static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    /// RFC 822 zone names that old feeds still use.
    private static let zoneNames: [String: Int] = [
        "gmt": 0, "utc": 0, "ut": 0, "z": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
    ]

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
        var atEnd: Bool { i >= bytes.count }

        mutating func skipSpaces() {
            while let b = peek, b == 32 || b == 9 { i += 1 }
        }

        mutating func eat(_ b: UInt8) -> Bool {
            if peek == b { i += 1; return true }
            return false
        }

        /// Exactly `count` digits (or 1...count when `count` is negative).
        mutating func number(digits count: Int) -> Int? {
            let maxDigits = abs(count)
            var value = 0, n = 0
            while n < maxDigits, let b = peek, Timestamp.isDigit(b) {
                value = value * 10 + Int(b - 48)
                i += 1
                n += 1
            }
            if count > 0 ? n != count : n == 0 { return nil }
            return value
        }

        mutating func word() -> String {
            var s = ""
            while let b = peek, (b >= 65 && b <= 90) || (b >= 97 && b <= 122) {
                s.unicodeScalars.append(Unicode.Scalar(b | 0x20))
                i += 1
            }
            return s
        }

        mutating func month() -> Int? {
            let w = word()
            guard w.count >= 3, let m = Timestamp.monthNames.firstIndex(of: String(w.prefix(3))) else { return nil }
            return m + 1
        }

        /// `HH:MM[:SS[.fraction]]`
        mutating func clock() -> Int? {
            guard let h = number(digits: -2), eat(58), let m = number(digits: 2) else { return nil }
            var s = 0
            if eat(58) {
                guard let sec = number(digits: 2) else { return nil }
                s = sec
                if eat(46) || eat(44) { while let b = peek, Timestamp.isDigit(b) { i += 1 } }
            }
            guard h < 24, m < 60, s <= 60 else { return nil }
            return h * 3600 + m * 60 + s
        }

        /// `Z`, `+HHMM`, `+HH:MM`, `+HH`, or a zone name; returns the offset in seconds east of UTC.
        mutating func zone() -> Int? {
            guard let b = peek else { return nil }
            if b == 43 || b == 45 {
                i += 1
                guard let hh = number(digits: 2) else { return nil }
                _ = eat(58)
                let mm = number(digits: 2) ?? 0
                guard hh < 24, mm < 60 else { return nil }
                let offset = hh * 3600 + mm * 60
                return b == 45 ? -offset : offset
            }
            let w = word()
            return Timestamp.zoneNames[w]
        }

        func instant(_ y: Int, _ mo: Int, _ d: Int, _ seconds: Int, _ offset: Int) -> Int64? {
            guard (1...12).contains(mo), d >= 1, d <= Timestamp.daysInMonth(y, mo), y >= 1000, y <= 9999 else { return nil }
            return Timestamp.daysFromCivil(year: y, month: mo, day: d) * 86400 + Int64(seconds - offset)
        }

        /// `YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][ ][zone]`
        mutating func isoLike() -> Int64? {
            guard let y = number(digits: 4), eat(45), let mo = number(digits: 2), eat(45),
                  let d = number(digits: 2) else { return nil }
            var seconds = 0, offset = 0
            if eat(84) || eat(116) || (peek == 32 && i + 1 < bytes.count && Timestamp.isDigit(bytes[i + 1]) && eat(32)) {
                guard let c = clock() else { return nil }
                seconds = c
                skipSpaces()
                if !atEnd {
                    guard let z = zone() else { return nil }
                    offset = z
                }
            }
            return instant(y, mo, d, seconds, offset)
        }

        /// Forms that start with a day or month name.
        mutating func named() -> Int64? {
            let first = word()
            let isDay = first.count >= 3 && Timestamp.dayNames.contains(String(first.prefix(3)))
            if isDay {
                _ = eat(44)
                skipSpaces()
                if let b = peek, Timestamp.isDigit(b) { return rfc822() }
                return monthFirst()
            }
            // No weekday: `May 04 ...` or `Jul 14, 2026`.
            i = 0
            skipSpaces()
            return monthFirst()
        }

        /// `04 May 2008 21:59[:52] +0000`
        mutating func rfc822() -> Int64? {
            guard let d = number(digits: -2) else { return nil }
            skipSpaces()
            guard let mo = month() else { return nil }
            skipSpaces()
            guard var y = number(digits: -4) else { return nil }
            if y < 100 { y += y < 70 ? 2000 : 1900 }
            skipSpaces()
            guard let c = clock() else { return nil }
            skipSpaces()
            var offset = 0
            if !atEnd {
                guard let z = zone() else { return nil }
                offset = z
            }
            return instant(y, mo, d, c, offset)
        }

        /// `May 04 21:59:52 +0000 2008` (API v1) or `Jul 14, 2026` (X analytics).
        mutating func monthFirst() -> Int64? {
            guard let mo = month() else { return nil }
            skipSpaces()
            guard let d = number(digits: -2) else { return nil }
            if eat(44) {
                skipSpaces()
                guard let y = number(digits: 4) else { return nil }
                return instant(y, mo, d, 0, 0)
            }
            skipSpaces()
            guard let c = clock() else { return nil }
            skipSpaces()
            guard let z = zone() else { return nil }
            skipSpaces()
            guard let y = number(digits: 4) else { return nil }
            return instant(y, mo, d, c, z)
        }
    }
}
