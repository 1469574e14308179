import Foundation

/// How metric values are written (metrics.md section 8).
public enum MetricNumber {
    /// Half away from zero at 4 places, applied to the double value as the spec writes it
    /// (`(x * 10000).rounded(.toNearestOrAwayFromZero) / 10000`), with exactly 4 decimals and
    /// never `-0.0000`. The digits come from the rounded integer, not from a formatter, so
    /// `0.125` is `0.1250` and `2.00005` is `2.0000` (its double is just below the half).
    /// Empty for an unknown (nil or not finite) value.
    public static func decimal4(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let scaled = (value * 10_000).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.0e18 else {
            // Beyond Int64 (values over 9e14, which no real metric reaches).
            return String(format: "%.4f", scaled / 10_000)
        }
        let units = Int64(scaled)
        if units == 0 { return "0.0000" }
        let magnitude = units.magnitude
        let fraction = "\(magnitude % 10_000)"
        return (units < 0 ? "-" : "") + "\(magnitude / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    /// An integer column; empty when unknown.
    public static func integer(_ value: Int?) -> String {
        value.map { "\($0)" } ?? ""
    }

    /// Adds without trapping: counters come from user input.
    @inline(__always)
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// The median of sorted integers: the middle value, or the mean of the two middle values.
    static func median(sorted values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        if values.count % 2 == 1 { return Double(values[mid]) }
        return (Double(values[mid - 1]) + Double(values[mid])) / 2
    }

    /// The median of sorted doubles.
    static func median(sorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        if values.count % 2 == 1 { return values[mid] }
        return (values[mid - 1] + values[mid]) / 2
    }

    /// Nearest-rank percentile 90: the value at position ceil(0.9 n) (1-based) of the sorted list.
    static func p90(sorted values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let rank = (9 * values.count + 9) / 10
        return values[rank - 1]
    }
}
