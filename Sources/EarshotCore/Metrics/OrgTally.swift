/// What an organization's posts add up to, one post at a time in time order (`add`), and the
/// `OrgResult` they make once every post is in (`finish`): the counts of metrics.md section 4
/// go straight into `OrganizationMetrics`; what needs every post first (medians, shares, the
/// months without posts, the detail lists) is kept here until the end.
struct OrgTally {
    /// Months with posts, in time order (the posts are).
    private var monthly: [OrgMonth] = []
    private var engagement: EngagementTally
    private var largestAuthorFollowers: Int?
    private var urls = 0, knownURLs = 0
    private var conversational = 0
    private var partnerPosts: [String: Int] = [:]
    private var top = TopPostsTally()
    private var examples = PromotionalExamplesTally()
    /// Per platform, in `Platform.allCases` order; most organizations use one or two.
    private var platforms: [OrgPlatform?] = Array(repeating: nil, count: Platform.allCases.count)

    init(expectedPosts: Int) { engagement = EngagementTally(expectedPosts: expectedPosts) }

    mutating func add(_ post: Post, _ f: PostFeatures, to m: inout OrganizationMetrics) {
        let slot = Platform.allCases.firstIndex(of: post.platform)!
        if platforms[slot] == nil { platforms[slot] = OrgPlatform(platform: post.platform) }
        platforms[slot]!.add(post, f)

        m.posts += 1
        switch f.kind {
        case .original: m.originals += 1
        case .reply: m.replies += 1
        case .thread: m.threads += 1
        case .repost: m.reposts += 1
        case .quote: m.quotes += 1
        }
        let day = CalendarDay(instant: post.created)
        if m.firstPost == nil { m.firstPost = day }
        m.lastPost = day
        let monthKey = day.month
        if monthly.last?.month != monthKey { monthly.append(OrgMonth(month: monthKey)) }
        var month = monthly.removeLast()
        month.posts += 1
        switch f.ica {
        case .information: m.informationPosts += 1; month.information += 1
        case .community: m.communityPosts += 1; month.community += 1
        case .action: m.actionPosts += 1; month.action += 1
        }
        if f.promotional { m.promotionalPosts += 1; month.promotional += 1 }
        if f.conversational { conversational += 1; month.conversational += 1 }
        if f.selfRepost { m.selfReposts += 1 }
        for partner in f.partners { partnerPosts[partner, default: 0] += 1 }
        if let followers = post.authorFollowers { largestAuthorFollowers = max(largestAuthorFollowers ?? followers, followers) }

        if f.authored {
            month.authored += 1
            if f.cta { m.ctaPosts += 1 }
            if f.ownLink { m.ownLinkPosts += 1 }
            if f.selfMention { m.selfMentionPosts += 1 }
            urls += f.urlCount
            knownURLs += f.knownURLCount
            if let sum = engagement.add(post, f, month: &month) { top.add(post, f, interactions: sum) }
        }
        if f.promotional { examples.add(post, f) }
        monthly.append(month)
    }

    /// The shares, medians, rates and verdicts of metrics.md section 4, the months from the
    /// first to the last (empty ones included), and the detail lists.
    consuming func finish(_ m: inout OrganizationMetrics, organization: Organization?, thresholds: MetricThresholds,
                          analyzer: PostAnalyzer) -> OrgResult {
        let posts = Double(m.posts)
        m.activeMonths = monthly.count
        if let first = m.firstPost, let last = m.lastPost {
            let days = Double(last.daysSinceEpoch - first.daysSinceEpoch + 1)
            m.postsPerWeek = posts / max(1, days / 7)
        }
        engagement.finish(&m)
        if m.followers == nil { m.followers = largestAuthorFollowers }
        if let mean = m.interactionsMean, let followers = m.followers, followers != 0 {
            m.engagementRateFollowers = mean / Double(followers)
        }
        if urls > 0 { m.linkCoverage = Double(knownURLs) / Double(urls) }
        m.promoShare = Double(m.promotionalPosts) / posts
        m.conversationShare = Double(conversational) / posts
        m.partners = partnerPosts.count
        m.informationShare = Double(m.informationPosts) / posts
        m.communityShare = Double(m.communityPosts) / posts
        m.actionShare = Double(m.actionPosts) / posts
        if let share = m.promoShare { m.promoVerdict = PromoVerdict(promoShare: share, thresholds: thresholds) }
        if let share = m.conversationShare { m.dialogueVerdict = DialogueVerdict(conversationShare: share, thresholds: thresholds) }
        m.caveats = VerdictCaveats(metrics: m, organization: organization, thresholds: thresholds)

        let partners = partnerPosts.map { PartnerCount(handle: $0.key, posts: $0.value) }.sorted { a, b in
            a.posts != b.posts ? a.posts > b.posts : Handle.precedes(a.handle, b.handle)
        }
        return OrgResult(metrics: m, months: allMonths(from: m.firstPost?.month, to: m.lastPost?.month),
                         topPosts: top.posts, promotionalExamples: examples.newestFirst(analyzer: analyzer),
                         topPartners: Array(partners.prefix(OrgAnalysis.detailLimit)),
                         platforms: platforms.compactMap { $0 }.sorted { $0.platform < $1.platform })
    }

    /// Every month from the first to the last, the months without posts as empty rows.
    private func allMonths(from first: CalendarMonth?, to last: CalendarMonth?) -> [OrgMonth] {
        guard let first, let last else { return [] }
        var months: [OrgMonth] = []
        var active = monthly.makeIterator()
        var next = active.next()
        for month in first...last {
            if let found = next, found.month == month {
                months.append(found)
                next = active.next()
            } else {
                months.append(OrgMonth(month: month))
            }
        }
        return months
    }
}

/// Interactions, impressions and engagements of the authored posts (metrics.md section 4).
struct EngagementTally {
    /// At most one value per post: room for all at once rather than growth copies.
    private var interactions: [Int] = []
    private var promotionalInteractions: [Int] = []
    private var otherInteractions: [Int] = []
    private var interactionsTotal = 0
    private var impressionsTotal: Int?
    private var rateEngagements = 0, rateImpressions = 0, rateKnown = false

    init(expectedPosts: Int) { interactions.reserveCapacity(expectedPosts) }

    /// Counts an authored post; its interactions when it is measured.
    mutating func add(_ post: Post, _ f: PostFeatures, month: inout OrgMonth) -> Int? {
        let measured = post.interactions
        if let sum = measured {
            interactions.append(sum)
            if f.promotional { promotionalInteractions.append(sum) } else { otherInteractions.append(sum) }
            interactionsTotal = MetricNumber.add(interactionsTotal, sum)
            month.measuredPosts += 1
            month.interactions = MetricNumber.add(month.interactions ?? 0, sum)
        }
        if let impressions = post.impressions {
            impressionsTotal = MetricNumber.add(impressionsTotal ?? 0, impressions)
            month.impressions = MetricNumber.add(month.impressions ?? 0, impressions)
        }
        if let engagements = post.engagements {
            month.engagements = MetricNumber.add(month.engagements ?? 0, engagements)
        }
        if let impressions = post.impressions, let engagements = post.engagements, impressions > 0 {
            rateImpressions = MetricNumber.add(rateImpressions, impressions)
            rateEngagements = MetricNumber.add(rateEngagements, engagements)
            rateKnown = true
        }
        return measured
    }

    mutating func finish(_ m: inout OrganizationMetrics) {
        m.measuredPosts = interactions.count
        if !interactions.isEmpty {
            interactions.sort()
            m.interactionsTotal = interactionsTotal
            m.interactionsMean = Double(interactionsTotal) / Double(interactions.count)
            m.interactionsMedian = MetricNumber.median(sorted: interactions)
            m.interactionsP90 = MetricNumber.p90(sorted: interactions)
        }
        m.impressionsTotal = impressionsTotal
        if rateKnown { m.engagementRateImpressions = Double(rateEngagements) / Double(rateImpressions) }
        promotionalInteractions.sort()
        otherInteractions.sort()
        if let promoMedian = MetricNumber.median(sorted: promotionalInteractions),
           let otherMedian = MetricNumber.median(sorted: otherInteractions), otherMedian != 0 {
            m.promoEngagementRatio = promoMedian / otherMedian
        }
    }
}

/// The most interacted-with measured authored posts, most first.
struct TopPostsTally {
    private(set) var posts: [TopPost] = []

    mutating func add(_ post: Post, _ f: PostFeatures, interactions sum: Int) {
        let limit = OrgAnalysis.detailLimit
        // Posts come in time order: a later post with equal interactions ranks after.
        guard posts.count < limit || sum > posts[posts.count - 1].interactions else { return }
        let at = posts.firstIndex { $0.interactions < sum } ?? posts.count
        posts.insert(TopPost(id: post.id, created: post.created, text: post.text, interactions: sum, kind: f.kind), at: at)
        if posts.count > limit { posts.removeLast() }
    }
}

/// The most recent promotional posts. The last ten are kept in a ring and their reasons listed
/// once, at the end (an array per promotional post, then dropped, was most of this).
struct PromotionalExamplesTally {
    private var ring: [(id: String, created: Int64, text: String, features: PostFeatures)] = []
    private var next = 0

    mutating func add(_ post: Post, _ f: PostFeatures) {
        let example = (id: post.id, created: post.created, text: post.text, features: f)
        if ring.count < OrgAnalysis.detailLimit { ring.append(example) } else { ring[next] = example }
        next = (next + 1) % OrgAnalysis.detailLimit
    }

    /// Newest first: the ring's slots from the one before the next to write, backwards.
    func newestFirst(analyzer: PostAnalyzer) -> [PromotionalExample] {
        let n = ring.count
        return (0..<n).map { k in
            let e = ring[((next - 1 - k) % n + n) % n]
            return PromotionalExample(id: e.id, created: e.created, text: e.text, kind: e.features.kind,
                                      reasons: analyzer.reasons(text: e.text, features: e.features))
        }
    }
}

extension Post {
    /// likes + reposts + replies + quotes, unknown parts as 0, when at least one is known (a
    /// measured post, metrics.md section 4); nil otherwise.
    var interactions: Int? {
        guard likes != nil || reposts != nil || replies != nil || quotes != nil else { return nil }
        var sum = MetricNumber.add(likes ?? 0, reposts ?? 0)
        sum = MetricNumber.add(sum, replies ?? 0)
        return MetricNumber.add(sum, quotes ?? 0)
    }
}
