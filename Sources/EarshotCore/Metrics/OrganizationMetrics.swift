/// One row of `organizations.csv` (metrics.md section 4). nil is an unknown value: an empty field.
public struct OrganizationMetrics: Sendable, Equatable {
    public var handle: String
    public var name: String
    public var sector: Sector
    public var subsector: String
    public var posts = 0
    public var originals = 0
    public var replies = 0
    public var threads = 0
    public var reposts = 0
    public var quotes = 0
    public var firstPost: CalendarDay?
    public var lastPost: CalendarDay?
    public var activeMonths = 0
    public var postsPerWeek: Double?
    public var measuredPosts = 0
    public var interactionsTotal: Int?
    public var interactionsMean: Double?
    public var interactionsMedian: Double?
    public var interactionsP90: Int?
    public var impressionsTotal: Int?
    public var engagementRateImpressions: Double?
    public var followers: Int?
    public var engagementRateFollowers: Double?
    public var promotionalPosts = 0
    public var ctaPosts = 0
    public var ownLinkPosts = 0
    public var selfMentionPosts = 0
    public var selfReposts = 0
    public var linkCoverage: Double?
    public var promoShare: Double?
    public var conversationShare: Double?
    public var partners = 0
    public var informationShare: Double?
    public var communityShare: Double?
    public var actionShare: Double?
    public var promoEngagementRatio: Double?
    public var promoVerdict: PromoVerdict?
    public var dialogueVerdict: DialogueVerdict?
    /// Posts per class, for the sector's pooled shares (not a column).
    public var informationPosts = 0
    public var communityPosts = 0
    public var actionPosts = 0
    /// What the verdicts cannot be trusted for (the columns after `dialogue_verdict`).
    public var caveats = VerdictCaveats()

    /// The row of an organization with no posts: counts 0, followers from the registry, the
    /// rest unknown.
    public init(handle: String, name: String, sector: Sector, subsector: String, followers: Int?) {
        self.handle = handle
        self.name = name
        self.sector = sector
        self.subsector = subsector
        self.followers = followers
    }

    public static let columns = [
        "handle", "name", "sector", "subsector", "posts", "originals", "replies", "threads",
        "reposts", "quotes", "first_post", "last_post", "active_months", "posts_per_week", "measured_posts",
        "interactions_total", "interactions_mean", "interactions_median", "interactions_p90", "impressions_total",
        "engagement_rate_impressions", "followers", "engagement_rate_followers", "promotional_posts", "cta_posts",
        "own_link_posts", "self_mention_posts", "self_reposts", "link_coverage", "promo_share",
        "conversation_share", "partners", "information_share", "community_share", "action_share",
        "promo_engagement_ratio", "promo_verdict", "dialogue_verdict",
    ] + VerdictCaveats.columns

    /// The row's fields, in `columns` order, as written (section 8).
    public var fields: [String] {
        let int = MetricNumber.integer, dec = MetricNumber.decimal4
        return [
            handle, name, sector.rawValue, subsector, int(posts), int(originals), int(replies), int(threads),
            int(reposts), int(quotes), firstPost?.description ?? "", lastPost?.description ?? "", int(activeMonths),
            dec(postsPerWeek), int(measuredPosts),
            int(interactionsTotal), dec(interactionsMean), dec(interactionsMedian), int(interactionsP90), int(impressionsTotal),
            dec(engagementRateImpressions), int(followers), dec(engagementRateFollowers), int(promotionalPosts), int(ctaPosts),
            int(ownLinkPosts), int(selfMentionPosts), int(selfReposts), dec(linkCoverage), dec(promoShare),
            dec(conversationShare), int(partners), dec(informationShare), dec(communityShare), dec(actionShare),
            dec(promoEngagementRatio), promoVerdict?.rawValue ?? "", dialogueVerdict?.rawValue ?? "",
        ] + caveats.fields
    }
}

/// One row of `org_months.csv` (metrics.md section 5), plus the class counts the report draws.
public struct OrgMonth: Sendable, Equatable {
    public var month: CalendarMonth
    public var posts = 0
    public var authored = 0
    public var promotional = 0
    public var conversational = 0
    public var measuredPosts = 0
    /// Sum over measured posts; nil when none.
    public var interactions: Int?
    /// Sums over authored posts with the value known; nil when none.
    public var impressions: Int?
    public var engagements: Int?
    public var information = 0
    public var community = 0
    public var action = 0

    public init(month: CalendarMonth) { self.month = month }

    /// Promotional posts / posts; nil in a month without posts.
    public var promoShare: Double? { posts > 0 ? Double(promotional) / Double(posts) : nil }

    public static let columns = [
        "handle", "month", "posts", "authored", "promotional", "conversational", "measured_posts",
        "interactions", "impressions", "engagements",
    ]

    public func fields(handle: String) -> [String] {
        let int = MetricNumber.integer
        return [
            handle, month.description, int(posts), int(authored), int(promotional), int(conversational),
            int(measuredPosts), int(interactions), int(impressions), int(engagements),
        ]
    }
}
