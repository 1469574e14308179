/// One organization on one platform: the `org_platforms.csv` row (outputs.md; each value as
/// metrics.md section 4 defines it, over that platform's posts), and its posts per month for
/// `sector_platform_months.csv` and the report.
public struct OrgPlatform: Sendable, Equatable {
    public var platform: Platform
    public var posts = 0
    public var originals = 0
    public var replies = 0
    public var threads = 0
    public var reposts = 0
    public var quotes = 0
    public var firstPost: CalendarDay?
    public var lastPost: CalendarDay?
    public var measuredPosts = 0
    /// Sum of interactions over measured posts; nil when none is measured.
    public var interactionsTotal: Int?
    public var promotionalPosts = 0
    public var conversationalPosts = 0
    public var informationPosts = 0
    public var communityPosts = 0
    public var actionPosts = 0
    /// The months with posts on this platform, in month order.
    public var months: [PlatformMonth] = []

    public init(platform: Platform) { self.platform = platform }

    public var activeMonths: Int { months.count }
    /// No post on this platform carries a counter (Bluesky repositories, feeds, legacy archives).
    public var hasNoCounters: Bool { measuredPosts == 0 }

    private func share(_ count: Int) -> Double? { posts > 0 ? Double(count) / Double(posts) : nil }
    public var promoShare: Double? { share(promotionalPosts) }
    public var conversationShare: Double? { share(conversationalPosts) }
    public var informationShare: Double? { share(informationPosts) }
    public var communityShare: Double? { share(communityPosts) }
    public var actionShare: Double? { share(actionPosts) }

    public static let columns = [
        "handle", "platform", "posts", "originals", "replies", "threads", "reposts", "quotes", "first_post", "last_post",
        "active_months", "measured_posts", "interactions_total", "promo_share", "conversation_share",
        "information_share", "community_share", "action_share",
    ]

    public func fields(handle: String) -> [String] {
        let int = MetricNumber.integer, dec = MetricNumber.decimal4
        return [
            handle, platform.rawValue, int(posts), int(originals), int(replies), int(threads), int(reposts), int(quotes),
            firstPost?.description ?? "", lastPost?.description ?? "", int(activeMonths), int(measuredPosts),
            MetricNumber.integer(interactionsTotal), dec(promoShare), dec(conversationShare), dec(informationShare),
            dec(communityShare), dec(actionShare),
        ]
    }

    /// Adds one post and its features; posts come oldest first.
    mutating func add(_ post: Post, _ f: PostFeatures) {
        posts += 1
        switch f.kind {
        case .original: originals += 1
        case .reply: replies += 1
        case .thread: threads += 1
        case .repost: reposts += 1
        case .quote: quotes += 1
        }
        let day = CalendarDay(instant: post.created)
        if firstPost == nil { firstPost = day }
        lastPost = day
        if months.last?.month != day.month { months.append(PlatformMonth(month: day.month)) }
        months[months.count - 1].posts += 1
        switch f.ica {
        case .information: informationPosts += 1
        case .community: communityPosts += 1
        case .action: actionPosts += 1
        }
        if f.promotional { promotionalPosts += 1 }
        if f.conversational { conversationalPosts += 1 }
        if f.authored, let sum = post.interactions {
            measuredPosts += 1
            interactionsTotal = MetricNumber.add(interactionsTotal ?? 0, sum)
        }
    }
}

public struct PlatformMonth: Sendable, Equatable {
    public var month: CalendarMonth
    public var posts = 0
    public init(month: CalendarMonth, posts: Int = 0) {
        self.month = month
        self.posts = posts
    }
}

/// One row of `sector_platform_months.csv` (outputs.md).
public struct SectorPlatformMonth: Sendable, Equatable {
    public var sector: Sector
    public var platform: Platform
    public var month: CalendarMonth
    /// Organizations whose first post on the platform is in or before the month.
    public var adopters = 0
    /// Organizations with a post on the platform that month.
    public var activeOrgs = 0
    public var posts = 0

    public static let columns = ["sector", "platform", "month", "adopters", "active_orgs", "posts"]

    public var fields: [String] {
        [sector.rawValue, platform.rawValue, month.description, MetricNumber.integer(adopters),
         MetricNumber.integer(activeOrgs), MetricNumber.integer(posts)]
    }
}

/// Where organizations went: each sector's organizations per platform, month by month.
///
/// Decisions where outputs.md is silent: the sectors are those of `sectors.csv` (the four
/// registry sectors always, `unregistered` when it has posts); the platforms are those with a
/// post anywhere in the run, so that every sector has a row for every platform the run saw
/// (zeros where none of its organizations is there: that a sector stayed away is the finding);
/// the months run from the first to the last month with a post in the whole run, as in
/// `sector_months.csv`.
public enum PlatformAnalysis {
    public static func sectorPlatformMonths(_ results: [OrgResult]) -> [SectorPlatformMonth] {
        var sectors: [Sector] = [.commercial, .nonprofit, .other, .public]
        if results.contains(where: { $0.sector == .unregistered && $0.metrics.posts > 0 }) { sectors.append(.unregistered) }
        sectors.sort()
        let platforms = Set(results.flatMap { $0.platforms.filter { $0.posts > 0 }.map(\.platform) }).sorted()
        let firsts = results.compactMap { $0.platforms.compactMap { $0.months.first?.month }.min() }
        let lasts = results.compactMap { $0.platforms.compactMap { $0.months.last?.month }.max() }
        guard let first = firsts.min(), let last = lasts.max() else { return [] }
        var rows: [SectorPlatformMonth] = []
        for sector in sectors {
            let orgs = results.filter { $0.sector == sector }
            for platform in platforms {
                var posts: [CalendarMonth: Int] = [:]
                var active: [CalendarMonth: Int] = [:]
                var adopted: [CalendarMonth: Int] = [:]
                for org in orgs {
                    guard let on = org.platforms.first(where: { $0.platform == platform }), let start = on.months.first?.month else { continue }
                    adopted[start, default: 0] += 1
                    for month in on.months where month.posts > 0 {
                        posts[month.month, default: 0] += month.posts
                        active[month.month, default: 0] += 1
                    }
                }
                var adopters = 0
                for month in first...last {
                    adopters += adopted[month] ?? 0
                    rows.append(SectorPlatformMonth(sector: sector, platform: platform, month: month, adopters: adopters,
                                                    activeOrgs: active[month] ?? 0, posts: posts[month] ?? 0))
                }
            }
        }
        return rows
    }

    /// `org_platforms.csv`: by handle, then platform.
    public static func orgPlatformsCSV(_ results: [OrgResult]) -> String {
        var out = ""
        MetricsCSV.appendRow(OrgPlatform.columns, to: &out)
        for result in results.sorted(by: { Handle.precedes($0.handle, $1.handle) }) {
            for platform in result.platforms.sorted(by: { $0.platform < $1.platform }) where platform.posts > 0 {
                MetricsCSV.appendRow(platform.fields(handle: result.handle), to: &out)
            }
        }
        return out
    }

    /// `sector_platform_months.csv`: by sector, platform, month.
    public static func sectorPlatformMonthsCSV(_ rows: [SectorPlatformMonth]) -> String {
        var out = ""
        MetricsCSV.appendRow(SectorPlatformMonth.columns, to: &out)
        let sorted = rows.sorted { a, b in
            if a.sector != b.sector { return a.sector < b.sector }
            if a.platform != b.platform { return a.platform < b.platform }
            return a.month < b.month
        }
        for row in sorted { MetricsCSV.appendRow(row.fields, to: &out) }
        return out
    }
}
