import Foundation

/// The timestamps of a CSV export read through a header map: a pattern in the letters of
/// Unicode date patterns (`MM/dd/yyyy h:mm a`), and the time zone of exports that write local
/// time with no offset, converted to UTC with the zone's own rules (daylight saving included).
///
/// Written by hand over bytes rather than with `DateFormatter`: it runs per row, and the
/// formatter depends on the machine's locale and resolves times that do not exist or occur
/// twice in ways a person cannot predict. Here:
/// - a local time that occurs twice (the hour clocks go back) is the first of the two;
/// - a local time that does not exist (the hour clocks skip) is moved forward by the gap, as a
///   clock that was not set forward would show it (02:30 becomes 03:30 daylight time).
public struct LocalTimeFormat: Sendable {
    struct Problem: Error { var message: String }

    enum Token: Equatable, Sendable {
        case year4, year2, month, monthName, day, hour24, hour12, minute, second, fraction, ampm, weekday, offset
        case literal([UInt8])
        case space
    }

    /// The patterns as written in the map; empty: the standard forms of `Timestamp.parse`.
    public private(set) var patternTexts: [String] = []
    private var patterns: [[Token]] = []
    /// The zone of times written without an offset.
    public private(set) var zone: TimeZone?

    /// The standard forms only (ISO 8601, RFC 822, ... with their offsets).
    public init() {}

    /// - Parameters:
    ///   - patterns: tried in order; the first that reads a value wins.
    ///   - zone: an IANA name (`Europe/Paris`), `UTC`, or a fixed offset (`+02:00`).
    init(patterns: [String], zone: String?) throws {
        patternTexts = patterns
        self.patterns = try patterns.map(Self.tokens)
        if let zone { self.zone = try Self.timeZone(zone) }
        if self.patterns.isEmpty && zone != nil {
            throw Problem(message: "`time.zone` needs a `time.format`: without one, times must carry their own offset")
        }
        if self.zone == nil, let i = self.patterns.firstIndex(where: { !$0.contains(.offset) }) {
            let local = patterns[i]
            throw Problem(message: "`time.zone` is required: the format `\(local)` has no offset, so the export writes local time "
                + "(give the zone its times are in, such as America/New_York, or UTC)")
        }
    }

    static func timeZone(_ text: String) throws -> TimeZone {
        let name = text.trimmingCharacters(in: .whitespaces)
        if ["utc", "gmt", "z"].contains(name.lowercased()), let utc = TimeZone(secondsFromGMT: 0) { return utc }
        if let first = name.first, first == "+" || first == "-" {
            var scanner = Array(name.utf8)[...]
            if let seconds = parseOffset(&scanner), scanner.isEmpty, let zone = TimeZone(secondsFromGMT: seconds) { return zone }
            throw Problem(message: "time zone offset `\(name)` is not of the form +02:00")
        }
        guard let zone = TimeZone(identifier: name) else {
            throw Problem(message: "unknown time zone `\(name)` (an IANA name such as Europe/Paris or America/New_York, UTC, or an offset such as +02:00)")
        }
        return zone
    }

    static func tokens(_ pattern: String) throws -> [Token] {
        let chars = Array(pattern)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // Quoted literal text; '' is one quote.
                var text = ""
                i += 1
                if i < chars.count, chars[i] == "'" { tokens.append(.literal(Array("'".utf8))); i += 1; continue }
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { text.append("'"); i += 2; continue }
                        break
                    }
                    text.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw Problem(message: "unclosed quote in time format `\(pattern)`") }
                i += 1
                tokens.append(.literal(Array(text.utf8)))
                continue
            }
            if c.isWhitespace {
                while i < chars.count, chars[i].isWhitespace { i += 1 }
                tokens.append(.space)
                continue
            }
            guard c.isASCII, c.isLetter else {
                tokens.append(.literal(Array(String(c).utf8)))
                i += 1
                continue
            }
            var run = 1
            while i + run < chars.count, chars[i + run] == c { run += 1 }
            i += run
            switch (c, run) {
            case ("y", 2): tokens.append(.year2)
            case ("y", _), ("u", _): tokens.append(.year4)
            case ("M", 1...2), ("L", 1...2): tokens.append(.month)
            case ("M", _), ("L", _): tokens.append(.monthName)
            case ("d", 1...2): tokens.append(.day)
            case ("H", 1...2): tokens.append(.hour24)
            case ("h", 1...2): tokens.append(.hour12)
            case ("m", 1...2): tokens.append(.minute)
            case ("s", 1...2): tokens.append(.second)
            case ("S", _): tokens.append(.fraction)
            case ("a", _): tokens.append(.ampm)
            case ("E", _): tokens.append(.weekday)
            case ("Z", _), ("X", _), ("x", _): tokens.append(.offset)
            default:
                throw Problem(message: "`\(String(repeating: c, count: run))` in time format `\(pattern)` is not a date field "
                    + "(fields: yyyy MM MMM dd HH hh mm ss SSS a EEE Z; put other text in single quotes)")
            }
        }
        guard tokens.contains(.year4) || tokens.contains(.year2) else {
            throw Problem(message: "time format `\(pattern)` has no year (yyyy)")
        }
        guard tokens.contains(.month) || tokens.contains(.monthName), tokens.contains(.day) else {
            throw Problem(message: "time format `\(pattern)` needs a month (MM or MMM) and a day (dd)")
        }
        return tokens
    }

    /// Seconds since 1970 UTC, or `nil` when no pattern reads the value (the row is then
    /// rejected with `bad timestamp`).
    public func parse(_ text: String) -> Int64? {
        if patterns.isEmpty { return Timestamp.parse(text) }
        let bytes = Array(text.utf8)
        for pattern in patterns {
            if let seconds = parse(bytes, pattern) { return seconds }
        }
        return nil
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private func parse(_ bytes: [UInt8], _ pattern: [Token]) -> Int64? {
        var s = bytes[...]
        func skipSpaces() {
            while let b = s.first {
                if b == 0x20 || b == 0x09 {
                    s = s.dropFirst()
                } else if s.starts(with: [0xC2, 0xA0]) { // no-break space
                    s = s.dropFirst(2)
                } else if s.starts(with: [0xE2, 0x80, 0xAF]) { // narrow no-break space (recent "9:03 AM")
                    s = s.dropFirst(3)
                } else {
                    return
                }
            }
        }
        func number(maxDigits: Int, minDigits: Int = 1) -> Int? {
            var value = 0
            var digits = 0
            while digits < maxDigits, let b = s.first, b >= 48, b <= 57 {
                value = value * 10 + Int(b - 48)
                digits += 1
                s = s.dropFirst()
            }
            return digits >= minDigits ? value : nil
        }
        func word() -> String {
            var letters: [UInt8] = []
            while let b = s.first, (b | 0x20) >= 97, (b | 0x20) <= 122 {
                letters.append(b | 0x20)
                s = s.dropFirst()
            }
            if s.first == UInt8(ascii: ".") { s = s.dropFirst() }
            return String(decoding: letters, as: UTF8.self)
        }
        skipSpaces()
        var year: Int?, month: Int?, day: Int?
        var hour = 0, minute = 0, second = 0
        var pm: Bool? = nil
        var twelveHour = false
        var offset: Int? = nil
        for token in pattern {
            switch token {
            case .year4: guard let y = number(maxDigits: 4, minDigits: 4) else { return nil }; year = y
            case .year2: guard let y = number(maxDigits: 2, minDigits: 2) else { return nil }; year = 2000 + y
            case .month: guard let m = number(maxDigits: 2) else { return nil }; month = m
            case .monthName:
                let name = word()
                guard name.count >= 3, let index = Self.monthNames.firstIndex(of: String(name.prefix(3))) else { return nil }
                month = index + 1
            case .day: guard let d = number(maxDigits: 2) else { return nil }; day = d
            case .hour24: guard let h = number(maxDigits: 2) else { return nil }; hour = h
            case .hour12: guard let h = number(maxDigits: 2) else { return nil }; hour = h; twelveHour = true
            case .minute: guard let m = number(maxDigits: 2) else { return nil }; minute = m
            case .second: guard let v = number(maxDigits: 2) else { return nil }; second = v
            case .fraction: guard number(maxDigits: 9) != nil else { return nil }
            case .weekday: guard !word().isEmpty else { return nil }
            case .ampm:
                skipSpaces()
                let w = word()
                switch w {
                case "am", "a": pm = false
                case "pm", "p": pm = true
                default: return nil
                }
                // `a.m.`: the word stopped at the first dot.
                if w.count == 1, let b = s.first, (b | 0x20) == 109 { s = s.dropFirst(); if s.first == UInt8(ascii: ".") { s = s.dropFirst() } }
            case .offset:
                skipSpaces()
                if let b = s.first, b == UInt8(ascii: "Z") || b == UInt8(ascii: "z") {
                    s = s.dropFirst()
                    offset = 0
                } else {
                    if s.starts(with: Array("GMT".utf8)) || s.starts(with: Array("UTC".utf8)) { s = s.dropFirst(3) }
                    guard let o = Self.parseOffset(&s) else { return nil }
                    offset = o
                }
            case .space:
                skipSpaces()
            case let .literal(text):
                for expected in text {
                    guard let b = s.first else { return nil }
                    let matches = b == expected || ((b | 0x20) == (expected | 0x20) && (expected | 0x20) >= 97 && (expected | 0x20) <= 122)
                    guard matches else { return nil }
                    s = s.dropFirst()
                }
            }
        }
        skipSpaces()
        guard s.isEmpty, let year, let month, let day else { return nil }
        if twelveHour || pm != nil {
            guard (1...12).contains(hour) else { return nil }
            if let pm { hour = hour % 12 + (pm ? 12 : 0) }
        }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year, month),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let local = Timestamp.daysFromCivil(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + min(second, 59))
        if let offset { return local - Int64(offset) }
        guard let zone else { return nil }
        return Self.utc(fromLocal: local, in: zone)
    }

    /// The UTC instant of a local wall-clock time (seconds as if it were UTC) in `zone`.
    static func utc(fromLocal local: Int64, in zone: TimeZone) -> Int64 {
        func offset(at instant: Int64) -> Int64 {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
        }
        // The offsets in force well before and well after: one of them is the right one.
        let before = offset(at: local - 36 * 3600)
        let after = offset(at: local + 36 * 3600)
        let candidates = [local - before, local - after].filter { offset(at: $0) == local - $0 }
        if let earliest = candidates.min() { return earliest }
        // In a gap: read the time with the offset from before the change (moves it forward).
        return local - before
    }

    /// `+02:00`, `+0200`, `+02`, `-05:30`; the seconds east of UTC.
    static func parseOffset(_ s: inout ArraySlice<UInt8>) -> Int? {
        guard let sign = s.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        s = s.dropFirst()
        func twoDigits() -> Int? {
            guard s.count >= 2, let a = s.first, a >= 48, a <= 57 else { return nil }
            let b = s[s.startIndex + 1]
            guard b >= 48, b <= 57 else { return nil }
            s = s.dropFirst(2)
            return Int(a - 48) * 10 + Int(b - 48)
        }
        guard let hours = twoDigits() ?? {
            // A single-digit hour (`+2`).
            guard let a = s.first, a >= 48, a <= 57 else { return nil }
            s = s.dropFirst()
            return Int(a - 48)
        }() else { return nil }
        if s.first == UInt8(ascii: ":") { s = s.dropFirst() }
        let minutes = twoDigits() ?? 0
        guard hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }
}
