/// One row of `sectors.csv` (metrics.md section 6).
public struct SectorMetrics: Sendable, Equatable {
    public var sector: Sector
    public var orgsRegistered = 0
    public var orgsActive = 0
    public var posts = 0
    public var informationShare: Double?
    public var communityShare: Double?
    public var actionShare: Double?
    public var medianPromoShare: Double?
    public var medianConversationShare: Double?
    public var medianEngagementRateFollowers: Double?
    public var firstAdoption: CalendarDay?
    public var medianAdoption: CalendarDay?

    public init(sector: Sector) { self.sector = sector }

    public static let columns = [
        "sector", "orgs_registered", "orgs_active", "posts", "information_share", "community_share",
        "action_share", "median_promo_share", "median_conversation_share", "median_engagement_rate_followers",
        "first_adoption", "median_adoption",
    ]

    public var fields: [String] {
        let int = MetricNumber.integer, dec = MetricNumber.decimal4
        return [
            sector.rawValue, int(orgsRegistered), int(orgsActive), int(posts), dec(informationShare),
            dec(communityShare), dec(actionShare), dec(medianPromoShare), dec(medianConversationShare),
            dec(medianEngagementRateFollowers), firstAdoption?.description ?? "", medianAdoption?.description ?? "",
        ]
    }
}

/// One row of `sector_months.csv` (metrics.md section 7).
public struct SectorMonth: Sendable, Equatable {
    public var sector: Sector
    public var month: CalendarMonth
    public var activeOrgs = 0
    public var adopters = 0
    /// adopters / orgs_registered; nil when the sector has no registered organizations.
    public var adoptionShare: Double?
    public var posts = 0
    /// nil for the first month and after a month without posts.
    public var postsGrowth: Double?

    public init(sector: Sector, month: CalendarMonth) {
        self.sector = sector
        self.month = month
    }

    public static let columns = ["sector", "month", "active_orgs", "adopters", "adoption_share", "posts", "posts_growth"]

    public var fields: [String] {
        [
            sector.rawValue, month.description, MetricNumber.integer(activeOrgs), MetricNumber.integer(adopters),
            MetricNumber.decimal4(adoptionShare), MetricNumber.integer(posts), MetricNumber.decimal4(postsGrowth),
        ]
    }
}

public struct SectorResult: Sendable {
    /// Sorted by sector name: `commercial`, `nonprofit`, `other`, `public`, then `unregistered`
    /// when there are unregistered organizations.
    public var sectors: [SectorMetrics]
    /// Sorted by sector, then month; every month from the run's first post to its last.
    public var months: [SectorMonth]
}

/// Pools the organizations' results by sector (metrics.md sections 6 and 7).
public enum SectorAnalysis {
    /// - Parameters:
    ///   - results: every organization's result (registry organizations without posts included
    ///     or not: they only count through the registry).
    ///   - registry: the registry, for `orgs_registered`.
    ///   - monthsWithPosts: an organization's months with posts (only their `posts` are read),
    ///     where `results` do not hold their months (a run that keeps them on disk); nil: theirs.
    public static func analyze(_ results: [OrgResult], registry: Registry,
                               monthsWithPosts: ((OrgResult) -> [OrgMonth])? = nil) -> SectorResult {
        let months = monthsWithPosts ?? { $0.months }
        var sectors: [Sector] = [.commercial, .nonprofit, .other, .public]
        if results.contains(where: { $0.sector == .unregistered && $0.metrics.posts > 0 }) { sectors.append(.unregistered) }
        sectors.sort()

        let active = results.filter { $0.metrics.posts > 0 }
        let runMonths: ClosedRange<CalendarMonth>? = {
            // The first and last months always have posts.
            let spans = active.compactMap { org in months(org).first.map { ($0.month, months(org).last!.month) } }
            let firsts = spans.map(\.0)
            let lasts = spans.map(\.1)
            guard let first = firsts.min(), let last = lasts.max() else { return nil }
            return first...last
        }()

        var rows: [SectorMetrics] = []
        var monthRows: [SectorMonth] = []
        for sector in sectors {
            var row = SectorMetrics(sector: sector)
            row.orgsRegistered = sector == .unregistered ? 0 : registry.organizations.filter { $0.sector == sector }.count
            let orgs = active.filter { $0.sector == sector }
            row.orgsActive = orgs.count
            var information = 0, community = 0, action = 0
            for org in orgs {
                row.posts += org.metrics.posts
                information += org.metrics.informationPosts
                community += org.metrics.communityPosts
                action += org.metrics.actionPosts
            }
            if row.posts > 0 {
                row.informationShare = Double(information) / Double(row.posts)
                row.communityShare = Double(community) / Double(row.posts)
                row.actionShare = Double(action) / Double(row.posts)
            }
            row.medianPromoShare = MetricNumber.median(sorted: orgs.compactMap(\.metrics.promoShare).sorted())
            row.medianConversationShare = MetricNumber.median(sorted: orgs.compactMap(\.metrics.conversationShare).sorted())
            row.medianEngagementRateFollowers = MetricNumber.median(sorted: orgs.compactMap(\.metrics.engagementRateFollowers).sorted())
            let adoptions = orgs.compactMap(\.metrics.firstPost).sorted()
            row.firstAdoption = adoptions.first
            if !adoptions.isEmpty {
                // For an even count, the earlier of the two middle dates.
                row.medianAdoption = adoptions[(adoptions.count - 1) / 2]
            }
            rows.append(row)

            guard let runMonths else { continue }
            var postsByMonth: [CalendarMonth: Int] = [:]
            var activeByMonth: [CalendarMonth: Int] = [:]
            var adoptersByMonth: [CalendarMonth: Int] = [:]
            for org in orgs {
                let orgMonths = months(org)
                for month in orgMonths where month.posts > 0 {
                    postsByMonth[month.month, default: 0] += month.posts
                    activeByMonth[month.month, default: 0] += 1
                }
                if let first = orgMonths.first?.month { adoptersByMonth[first, default: 0] += 1 }
            }
            var adopters = 0
            var previousPosts: Int?
            for month in runMonths {
                var monthRow = SectorMonth(sector: sector, month: month)
                adopters += adoptersByMonth[month] ?? 0
                monthRow.activeOrgs = activeByMonth[month] ?? 0
                monthRow.adopters = adopters
                if row.orgsRegistered > 0 { monthRow.adoptionShare = Double(adopters) / Double(row.orgsRegistered) }
                monthRow.posts = postsByMonth[month] ?? 0
                if let previous = previousPosts, previous > 0 {
                    monthRow.postsGrowth = Double(monthRow.posts - previous) / Double(previous)
                }
                previousPosts = monthRow.posts
                monthRows.append(monthRow)
            }
        }
        return SectorResult(sectors: rows, months: monthRows)
    }
}
