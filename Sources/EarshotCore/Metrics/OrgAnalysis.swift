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
        analyze(handle: handle, posts: posts, organization: organization, lexicon: lexicon, thresholds: thresholds) {
            post, features, _ in eachPost(post, features)
        }
    }

    /// The same, the callback also given the analyzer's workspace of the post (its text's
    /// scalars and its URLs), for `OrgDetails` not to decode and scan the text again.
    static func analyze(
        handle: String, posts: consuming [Post], organization: Organization?, lexicon: Lexicon,
        thresholds: MetricThresholds, eachAnalyzed: (Post, PostFeatures, borrowing PostWorkspace) -> Void
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

        var tally = OrgTally(expectedPosts: order.count)

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
                eachAnalyzed(post, f, workspace)
                tally.add(post, f, to: &m)
            }
        }
        return tally.finish(&m, organization: organization, thresholds: thresholds, analyzer: analyzer)
    }
}
