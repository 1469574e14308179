/// One organization's metrics: its `organizations.csv` row, its `org_months.csv` rows, and the
/// capped detail lists its report page shows.
public struct OrgResult: Sendable {
    public var handle: String { metrics.handle }
    public var sector: Sector { metrics.sector }
    public var metrics: OrganizationMetrics
    /// Every month from the first post's to the last post's, empty months included.
    public var months: [OrgMonth]
    /// The most interacted-with measured authored posts, most first.
    public var topPosts: [TopPost]
    /// The most recent promotional posts, newest first, with why each counts.
    public var promotionalExamples: [PromotionalExample]
    /// The accounts it talks to most (posts per account), most first.
    public var topPartners: [PartnerCount]
    /// Its posts on each platform it posted on, by platform name (`org_platforms.csv`).
    public var platforms: [OrgPlatform] = []
}

public struct TopPost: Sendable, Equatable {
    public var id: String
    public var created: Int64
    public var text: String
    public var interactions: Int
    public var kind: PostKind
}

/// One part of the promotional rule that a post meets, with the words that met it.
public struct PromotionReason: Sendable, Equatable, Hashable {
    public enum Part: String, Sendable, CaseIterable {
        /// Both rules.
        case selfRepost = "self-repost"
        /// Rule version 1.
        case cta, ownLink = "own_link", selfMention = "self_mention"
        /// Rule version 2: an organization-ask phrase; an event phrase with a time expression.
        case orgAsk = "org_ask", eventAsk = "event_ask"
        /// Rule version 2: an own link or a self-mention together with standing or a launch.
        case ownLinkStanding = "own_link-standing", ownLinkLaunch = "own_link-launch"
        case selfMentionStanding = "self_mention-standing", selfMentionLaunch = "self_mention-launch"
    }

    public var part: Part
    /// The phrase found (`donate`, `new version`), as the body has it; empty for the parts that
    /// have none (version 1's, a self-repost).
    public var phrase: String

    public init(_ part: Part, _ phrase: String = "") {
        self.part = part
        self.phrase = phrase
    }

    public static let cta = PromotionReason(.cta), ownLink = PromotionReason(.ownLink)
    public static let selfMention = PromotionReason(.selfMention), selfRepost = PromotionReason(.selfRepost)
}

public struct PromotionalExample: Sendable, Equatable {
    public var id: String
    public var created: Int64
    public var text: String
    public var kind: PostKind
    public var reasons: [PromotionReason]
}

public struct PartnerCount: Sendable, Equatable {
    public var handle: String
    /// Posts that talk to this account.
    public var posts: Int
}

/// Computes one organization's metrics from its merged posts (metrics.md sections 3 to 5). Pure:
/// organizations can be analysed in parallel.
///
/// Judgement calls: `promotional_posts` counts self-reposts (section 3's definition), while
/// `cta_posts`, `own_link_posts` and `self_mention_posts` count authored posts only; detail lists
/// break ties by time, then id.
public enum OrgAnalysis {
    /// Length of each detail list.
    public static let detailLimit = 10

    /// - Parameters:
    ///   - handle: the organization's handle (lower-case).
    ///   - posts: its merged posts, one per post, in any order.
    ///   - organization: its registry entry; nil for an unregistered organization.
    ///   - eachPost: called with every post and its features, oldest first (for `posts.csv.gz`).
    public static func analyze(
        handle: String, posts: consuming [Post], organization: Organization?, lexicon: Lexicon,
        thresholds: MetricThresholds = MetricThresholds(),
        eachPost: (Post, PostFeatures) -> Void = { _, _ in }
    ) -> OrgResult {
        let org = Handle.normalize(handle)
        var m = OrganizationMetrics(
            handle: org, name: organization?.name ?? "", sector: organization?.sector ?? .unregistered,
            subsector: organization?.subsector ?? "", followers: organization?.followers)
        guard !posts.isEmpty else {
            return OrgResult(metrics: m, months: [], topPosts: [], promotionalExamples: [], topPartners: [])
        }
        let analyzer = PostAnalyzer(org: org, organization: organization, lexicon: lexicon)
        // Oldest first. The order is sorted, not the posts: a post is large, and a copy of one
        // retains every field.
        let order: [Int] = posts.withUnsafeBufferPointer { all in
            var order = Array(all.indices)
            order.sort { a, b in
                if all[a].created != all[b].created { return all[a].created < all[b].created }
                let (m, n) = (all[a].id.utf8.count, all[b].id.utf8.count)
                if m != n { return m < n }
                if all[a].id != all[b].id { return all[a].id < all[b].id }
                // The same id on two platforms (the merge key is (org, platform, id)).
                return all[a].platform < all[b].platform
            }
            return order
        }

        // Months with posts, in time order (the posts are).
        var monthly: [OrgMonth] = []
        // At most one value per post: room for all at once rather than growth copies.
        var interactions: [Int] = []
        var promotionalInteractions: [Int] = []
        var otherInteractions: [Int] = []
        interactions.reserveCapacity(order.count)
        var interactionsTotal = 0
        var impressionsTotal: Int?
        var rateEngagements = 0, rateImpressions = 0, rateKnown = false
        var largestAuthorFollowers: Int?
        var urls = 0, knownURLs = 0
        var conversational = 0
        var partnerPosts: [String: Int] = [:]
        var top: [TopPost] = []
        var examples: [(id: String, created: Int64, text: String, features: PostFeatures)] = []
        var examplesNext = 0
        // Per platform, in `Platform.allCases` order; most organizations use one or two.
        var platforms: [OrgPlatform?] = Array(repeating: nil, count: Platform.allCases.count)

        // Each post is moved out of the list, a blank left in its place: reading it there, even
        // through a pointer, copied it (retaining every field). A loop in a closure, not a local
        // function: one capturing these variables made every access to them a run-time
        // exclusivity check.
        var workspace = PostWorkspace()
        let blank = Post(org: "", id: "", created: 0, text: "", format: .legacyArchive)
        posts.withUnsafeMutableBufferPointer { all in
            for index in order {
                let post = (all.baseAddress! + index).move()
                (all.baseAddress! + index).initialize(to: blank)
                let f = analyzer.analyze(post, workspace: &workspace)
                eachPost(post, f)
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
                    if post.likes != nil || post.reposts != nil || post.replies != nil || post.quotes != nil {
                        var sum = MetricNumber.add(post.likes ?? 0, post.reposts ?? 0)
                        sum = MetricNumber.add(sum, post.replies ?? 0)
                        sum = MetricNumber.add(sum, post.quotes ?? 0)
                        interactions.append(sum)
                        if f.promotional { promotionalInteractions.append(sum) } else { otherInteractions.append(sum) }
                        interactionsTotal = MetricNumber.add(interactionsTotal, sum)
                        month.measuredPosts += 1
                        month.interactions = MetricNumber.add(month.interactions ?? 0, sum)
                        // Posts come in time order: a later post with equal interactions ranks after.
                        if top.count < detailLimit || sum > top[top.count - 1].interactions {
                            let at = top.firstIndex { $0.interactions < sum } ?? top.count
                            top.insert(TopPost(id: post.id, created: post.created, text: post.text, interactions: sum, kind: f.kind), at: at)
                            if top.count > detailLimit { top.removeLast() }
                        }
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
                }
                if f.promotional {
                    // The last ten, in a ring: their reasons are listed once, at the end (an array
                    // per promotional post, then dropped, was most of this).
                    let example = (id: post.id, created: post.created, text: post.text, features: f)
                    if examples.count < detailLimit { examples.append(example) } else { examples[examplesNext] = example }
                    examplesNext = (examplesNext + 1) % detailLimit
                }
                monthly.append(month)
            }
        }

        let posts = Double(m.posts)
        m.activeMonths = monthly.count
        if let first = m.firstPost, let last = m.lastPost {
            let days = Double(last.daysSinceEpoch - first.daysSinceEpoch + 1)
            m.postsPerWeek = posts / max(1, days / 7)
        }
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
        promotionalInteractions.sort()
        otherInteractions.sort()
        if let promoMedian = MetricNumber.median(sorted: promotionalInteractions),
           let otherMedian = MetricNumber.median(sorted: otherInteractions), otherMedian != 0 {
            m.promoEngagementRatio = promoMedian / otherMedian
        }
        if let share = m.promoShare { m.promoVerdict = PromoVerdict(promoShare: share, thresholds: thresholds) }
        if let share = m.conversationShare { m.dialogueVerdict = DialogueVerdict(conversationShare: share, thresholds: thresholds) }
        m.caveats = VerdictCaveats(metrics: m, organization: organization, thresholds: thresholds)

        var months: [OrgMonth] = []
        if let first = m.firstPost?.month, let last = m.lastPost?.month {
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
        }
        let partners = partnerPosts.map { PartnerCount(handle: $0.key, posts: $0.value) }.sorted { a, b in
            a.posts != b.posts ? a.posts > b.posts : Handle.precedes(a.handle, b.handle)
        }
        // Newest first: the ring's slots from the one before the next to write, backwards.
        let n = examples.count
        let newestFirst = (0..<n).map { k in examples[((examplesNext - 1 - k) % n + n) % n] }
        let promotional = newestFirst.map { e -> PromotionalExample in
            PromotionalExample(id: e.id, created: e.created, text: e.text, kind: e.features.kind,
                               reasons: analyzer.reasons(text: e.text, features: e.features))
        }
        return OrgResult(metrics: m, months: months, topPosts: top,
                         promotionalExamples: promotional, topPartners: Array(partners.prefix(detailLimit)),
                         platforms: platforms.compactMap { $0 }.sorted { $0.platform < $1.platform })
    }
}
