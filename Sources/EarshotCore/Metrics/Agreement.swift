/// Agreement between an automated coder (Earshot) and human coders, as content analysis reports
/// it: per-class precision, recall and F1, macro-F1, accuracy, Cohen's kappa, Krippendorff's
/// alpha (nominal), and percentile bootstrap intervals. Classes are indexes `0..<classCount`;
/// the callers map their labels to them. Every function returns nil where the statistic is
/// undefined (0/0), never NaN: a CSV writes that as an empty field.
public enum Agreement {
    /// Counts of (reference, predicted) pairs: rows are the human coder (the reference), columns
    /// Earshot (the prediction).
    public struct Confusion: Sendable, Equatable {
        public let classCount: Int
        /// `counts[reference * classCount + predicted]`.
        public private(set) var counts: [Int]

        public init(classCount: Int) {
            self.classCount = classCount
            counts = Array(repeating: 0, count: classCount * classCount)
        }

        public init(classCount: Int, pairs: [(reference: Int, predicted: Int)]) {
            self.init(classCount: classCount)
            for pair in pairs { add(reference: pair.reference, predicted: pair.predicted) }
        }

        public mutating func add(reference: Int, predicted: Int, times: Int = 1) {
            counts[reference * classCount + predicted] += times
        }

        public func count(reference: Int, predicted: Int) -> Int { counts[reference * classCount + predicted] }

        public var total: Int { counts.reduce(0, +) }
        public var agreements: Int { (0..<classCount).reduce(0) { $0 + count(reference: $1, predicted: $1) } }
        /// Posts the coder put in class `c` (a row sum).
        public func referenceTotal(_ c: Int) -> Int { (0..<classCount).reduce(0) { $0 + count(reference: c, predicted: $1) } }
        /// Posts Earshot put in class `c` (a column sum).
        public func predictedTotal(_ c: Int) -> Int { (0..<classCount).reduce(0) { $0 + count(reference: $1, predicted: c) } }

        /// Of the posts Earshot put in `c`, the share the coder put there too; nil when Earshot
        /// put none there.
        public func precision(_ c: Int) -> Double? { ratio(count(reference: c, predicted: c), predictedTotal(c)) }

        /// Of the posts the coder put in `c`, the share Earshot put there too; nil when the coder
        /// put none there.
        public func recall(_ c: Int) -> Double? { ratio(count(reference: c, predicted: c), referenceTotal(c)) }

        /// 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall written so that it
        /// is 0 (not undefined) when one of them is undefined and the class occurs on the other
        /// side; nil only when neither the coder nor Earshot used the class.
        public func f1(_ c: Int) -> Double? {
            let tp = count(reference: c, predicted: c)
            return ratio(2 * tp, referenceTotal(c) + predictedTotal(c))
        }

        /// The mean F1 over the classes that the coder or Earshot used (the others have no F1).
        public var macroF1: Double? {
            let scores = (0..<classCount).compactMap(f1)
            return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
        }

        public var accuracy: Double? { ratio(agreements, total) }

        /// Cohen's kappa: (p_o - p_e) / (1 - p_e), p_e = sum over classes of the product of the
        /// two coders' marginal shares. nil when there are no pairs or p_e is 1 (both coders used
        /// one and the same class throughout: no chance to disagree, kappa is 0/0).
        public var kappa: Double? {
            let n = total
            guard n > 0 else { return nil }
            // In integers as far as they go: p_e = sum(row * column) / n^2.
            var expected = 0
            for c in 0..<classCount { expected += referenceTotal(c) * predictedTotal(c) }
            let nn = n * n
            guard expected != nn else { return nil }
            return Double(agreements * n - expected) / Double(nn - expected)
        }

        private func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
    }

    /// Krippendorff's alpha for nominal data, any number of coders, missing values allowed
    /// (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011, section C).
    /// `units[u]` holds the values the coders gave unit u (nil: not coded), in any order.
    ///
    /// Units with fewer than two values are not pairable and are left out. With n_uc the coders
    /// that gave unit u value c and m_u its values, the coincidences are o_ck = sum over u of
    /// n_uc n_uk / (m_u - 1) (c != k), n_c the values c in pairable units, n their total, and
    /// alpha = 1 - (n - 1) sum_{c != k} o_ck / sum_{c != k} n_c n_k.
    /// nil when fewer than two values are pairable or every pairable value is the same
    /// (no variation: the expected disagreement is 0 and alpha is 0/0).
    public static func krippendorffAlpha(_ units: [[Int?]]) -> Double? {
        krippendorffAlpha(units.lazy.map { $0.compactMap { $0 } })
    }

    /// The same over units given as their non-missing values.
    public static func krippendorffAlpha<Units: Sequence>(_ units: Units) -> Double? where Units.Element == [Int] {
        var totals: [Int: Int] = [:]
        var observed = 0.0
        var n = 0
        for values in units where values.count >= 2 {
            var perValue: [Int: Int] = [:]
            for v in values { perValue[v, default: 0] += 1 }
            let m = values.count
            // Ordered pairs of different values in the unit: m^2 - sum n_uc^2.
            let different = m * m - perValue.values.reduce(0) { $0 + $1 * $1 }
            observed += Double(different) / Double(m - 1)
            for (v, k) in perValue { totals[v, default: 0] += k }
            n += m
        }
        let expectedPairs = n * n - totals.values.reduce(0) { $0 + $1 * $1 }
        guard n >= 2, expectedPairs > 0 else { return nil }
        return 1 - Double(n - 1) * observed / Double(expectedPairs)
    }

    /// Number of pairable values (the alpha's n): values in units with at least two.
    public static func pairableValues(_ units: [[Int?]]) -> Int {
        units.reduce(0) { total, unit in
            let m = unit.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            return total + (m >= 2 ? m : 0)
        }
    }

    /// A 95% percentile bootstrap: `resamples` resamples of the units (drawn with replacement,
    /// as many as there are), each statistic computed on every resample, and the interval from
    /// the sorted values by nearest rank: the ceil(0.025 k)-th and ceil(0.975 k)-th of the k
    /// resamples on which the statistic is defined. The draws come from `SplitMix64(seed)`, one
    /// uniform index per draw (`SplitMix64.index(below:)`), resample after resample: the same
    /// seed gives the same intervals on every machine.
    public struct Bootstrap: Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64

        public static let standard = Bootstrap(resamples: 1000, seed: 16)

        public init(resamples: Int, seed: UInt64) {
            self.resamples = resamples
            self.seed = seed
        }

        /// One interval per statistic that `statistics` returns (the same count each time); nil
        /// where the statistic was undefined on every resample, or there are no units.
        /// - Parameter statistics: given the resample's unit indexes (into `0..<units`).
        public func intervals(units: Int, _ statistics: ([Int]) -> [Double?]) -> [Interval?] {
            guard units > 0, resamples > 0 else { return statistics([]).map { _ in nil } }
            var random = SplitMix64(seed: seed)
            var sample = [Int](repeating: 0, count: units)
            var values: [[Double]] = []
            for _ in 0..<resamples {
                for k in 0..<units { sample[k] = random.index(below: units) }
                let computed = statistics(sample)
                if values.isEmpty { values = Array(repeating: [], count: computed.count) }
                for (i, value) in computed.enumerated() {
                    if let value { values[i].append(value) }
                }
            }
            return values.map(Self.percentileInterval)
        }

        /// The nearest-rank 2.5th and 97.5th percentiles of `values`: ranks ceil(0.025 k) and
        /// ceil(0.975 k) (in integers), of k values sorted ascending.
        public static func percentileInterval(_ values: [Double]) -> Interval? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let k = sorted.count
            let low = max(1, (25 * k + 999) / 1000), high = max(1, (975 * k + 999) / 1000)
            return Interval(low: sorted[low - 1], high: sorted[high - 1], resamples: k)
        }
    }

    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
        /// The resamples on which the statistic was defined.
        public var resamples: Int

        public init(low: Double, high: Double, resamples: Int) {
            self.low = low
            self.high = high
            self.resamples = resamples
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small generator whose whole state is one word, so
/// that a seed names its stream exactly. Used for the bootstrap and the coding sample.
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The output function alone: a well-spread 64-bit hash of one word.
    public static func mix(_ word: UInt64) -> UInt64 {
        var z = word
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<bound`: `next() % bound`, drawing again while the word falls in
    /// the low `2^64 mod bound` values that would make small indexes likelier.
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let r = next()
            if r >= threshold { return Int(r % b) }
        }
    }
}
