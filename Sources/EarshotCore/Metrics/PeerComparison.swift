/// An organization beside its sector's peers (issue 15): for promo share, conversation share,
/// engagement rate (by followers) and posting rate, its value, the sector's median, its rank
/// and percentile, and how many organizations were compared.
///
/// Rules (methodology section "Against its sector"):
/// - Compared: the organizations of the same sector (`unregistered` ones with each other) with
///   posts and the value known, the organization itself included.
/// - Median: of those values (the mean of the middle two for an even count).
/// - Rank: 1 is the highest value; ties share the best rank (1, 2, 2, 4).
/// - Percentile: 100 x (organizations with a lower value + half of those with an equal value,
///   itself included) / compared; shown only when at least 2 are compared.
/// Built once from every organization's metrics (sorted values per sector and measure); each
/// page's comparison is then two binary searches per measure.
public struct PeerComparison: Sendable {
    public enum Measure: String, Sendable, CaseIterable {
        case promoShare = "promo_share", conversationShare = "conversation_share"
        case engagementRate = "engagement_rate_followers", postingRate = "posts_per_week"

        public func value(_ m: OrganizationMetrics) -> Double? {
            guard m.posts > 0 else { return nil }
            switch self {
            case .promoShare: return m.promoShare
            case .conversationShare: return m.conversationShare
            case .engagementRate: return m.engagementRateFollowers
            case .postingRate: return m.postsPerWeek
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var measure: Measure
        public var value: Double
        public var median: Double
        public var rank: Int
        public var percentile: Double?
        public var compared: Int
    }

    /// Sorted values by sector and measure.
    private var values: [Sector: [Measure: [Double]]] = [:]

    public init(_ organizations: [OrganizationMetrics]) {
        for m in organizations {
            for measure in Measure.allCases {
                if let v = measure.value(m), v.isFinite { values[m.sector, default: [:]][measure, default: []].append(v) }
            }
        }
        for (sector, byMeasure) in values {
            for (measure, list) in byMeasure { values[sector]![measure] = list.sorted() }
        }
    }

    /// The rows for an organization's measures that are known, in `Measure.allCases` order.
    public func rows(_ m: OrganizationMetrics) -> [Row] {
        Measure.allCases.compactMap { measure in
            guard let v = measure.value(m), v.isFinite, let list = values[m.sector]?[measure], !list.isEmpty else { return nil }
            let below = Self.firstIndex(list) { $0 >= v }
            let notAbove = Self.firstIndex(list) { $0 > v }
            let equal = notAbove - below
            let n = list.count
            let median = MetricNumber.median(sorted: list)!
            return Row(measure: measure, value: v, median: median, rank: n - notAbove + 1,
                       percentile: n >= 2 ? 100 * (Double(below) + 0.5 * Double(equal)) / Double(n) : nil, compared: n)
        }
    }

    /// The first index whose value satisfies `p` (`p` false then true along the list).
    private static func firstIndex(_ list: [Double], _ p: (Double) -> Bool) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if p(list[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// Smoothed monthly shares (issue 15): the promotional share over a rolling window of months.
public enum RollingShare {
    /// For each month, promotional posts / posts over that month and the `window - 1` before it
    /// (fewer at the start); nil when the window has no posts. Months are consecutive
    /// (`OrgResult.months` has every month, empty ones included).
    public static func promo(_ months: [OrgMonth], window: Int = 3) -> [Double?] {
        var result: [Double?] = []
        result.reserveCapacity(months.count)
        for i in months.indices {
            let span = months[max(0, i - window + 1)...i]
            let posts = span.reduce(0) { $0 + $1.posts }
            let promotional = span.reduce(0) { $0 + $1.promotional }
            result.append(posts > 0 ? Double(promotional) / Double(posts) : nil)
        }
        return result
    }
}
