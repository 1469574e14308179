/// Numbers as the report shows them to people (the CSV files keep the exact values): counts with
/// thousands separators, shares as percentages with one decimal, small rates with two significant
/// digits. Written digit by digit, so the output never depends on the machine's locale.
enum DisplayNumber {
    /// What an unknown value shows.
    static let unknown = "—"

    /// `100,000`.
    static func count(_ value: Int?) -> String {
        guard let value else { return unknown }
        return decimal(UInt64(value.magnitude), negative: value < 0, grouped: true)
    }

    /// A share in [0, 1] as `23.4%` (one decimal, half away from zero).
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return unknown }
        return fixed(share * 100, places: 1) + "%"
    }

    /// An engagement rate as a percentage: one decimal from 1% up, two significant digits below
    /// (`0.052%`), since follower-based rates are often far below 1%.
    static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return unknown }
        let percent = value * 100
        if percent == 0 { return "0%" }
        if abs(percent) >= 1 { return fixed(percent, places: 1) + "%" }
        var places = 1
        while places < 6, abs(percent) < 1 / pow10(places - 1) { places += 1 }
        if abs(percent) < 0.000_01 { return "<0.00001%" }
        return fixed(percent, places: places) + "%"
    }

    /// A share as an axis tick: as few decimals as the value needs (`0.01%`, `20%`).
    static func percentTick(_ share: Double) -> String {
        var text = fixed(share * 100, places: 6)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + "%"
    }

    /// A mean or median of counts: `12` when whole, else `5.5`; with separators.
    static func amount(_ value: Double?) -> String {
        guard let value, value.isFinite else { return unknown }
        if value == value.rounded(), abs(value) < 9e15 { return count(Int(value)) }
        let text = fixed(value, places: 1)
        // Group the integer part.
        guard let dot = text.firstIndex(of: "."), let whole = Int(text[..<dot]) else { return text }
        let sign = text.hasPrefix("-") && whole == 0 ? "-" : ""
        return sign + count(whole) + String(text[dot...])
    }

    /// A ratio such as promo_engagement_ratio: `0.57`.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return unknown }
        return fixed(value, places: 2)
    }

    /// `value` with exactly `places` decimals, half away from zero, never `-0.0`.
    static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return unknown }
        let places = max(0, places)
        guard places <= 18 else { return "\(value)" }
        let scale = pow10(places)
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e18 else { return "\(value)" }
        let units = Int64(scaled)
        let divisor = UInt64(scale)
        return decimal(units.magnitude / divisor, negative: units < 0, fraction: units.magnitude % divisor, places: places)
    }

    /// A coordinate of an SVG chart: one decimal, none when it is zero (`12`, `12.5`, `-0.4`).
    static func coordinate(_ value: Double) -> String {
        let scaled = (value.isFinite ? value * 10 : 0).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e18 else { return "\(value)" }
        let units = Int64(scaled)
        let tenth = units.magnitude % 10
        return decimal(units.magnitude / 10, negative: units < 0, fraction: tenth, places: tenth == 0 ? 0 : 1)
    }

    /// Digits written right to left into one small buffer: these run for every number of every
    /// page, and a String per digit group was most of the charts' cost.
    /// - Parameters:
    ///   - grouped: a comma every three digits of the whole part.
    ///   - fraction: the decimals, written with exactly `places` digits (leading zeros).
    private static func decimal(_ whole: UInt64, negative: Bool, grouped: Bool = false, fraction: UInt64 = 0,
                                places: Int = 0) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var i = buffer.count
            func put(_ byte: UInt8) {
                i -= 1
                buffer[i] = byte
            }
            if places > 0 {
                var rest = fraction
                for _ in 0..<places {
                    put(0x30 + UInt8(rest % 10))
                    rest /= 10
                }
                put(UInt8(ascii: "."))
            }
            var rest = whole, written = 0
            repeat {
                if grouped, written > 0, written % 3 == 0 { put(UInt8(ascii: ",")) }
                put(0x30 + UInt8(rest % 10))
                rest /= 10
                written += 1
            } while rest > 0
            // `-0.0` never: a value that rounds to zero has no sign.
            if negative, whole > 0 || fraction > 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[i...]), as: UTF8.self)
        }
    }

    /// The exact value for a `data-value` attribute (sorting): Swift's shortest round-trip form.
    static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    /// `2020-03-05 18:00 UTC` for an instant in seconds since 1970.
    static func instant(_ seconds: Int64) -> String {
        let day = CalendarDay(instant: seconds)
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400 }
        let hour = Int(secondOfDay / 3600), minute = Int(secondOfDay % 3600 / 60)
        return "\(day) \(CalendarMonth.twoDigits(hour)):\(CalendarMonth.twoDigits(minute)) UTC"
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, n) { result *= 10 }
        return result
    }
}
