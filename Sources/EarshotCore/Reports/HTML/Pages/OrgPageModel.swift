/// What `org.mustache` sees for one organization. Like `IndexPageModel`: display strings, flags
/// and lists, never optionals.
struct OrgPageModel {
    struct MonthRow {
        let month: String
        let posts: String
        let information: String
        let community: String
        let action: String
        let promotional: String
        let promoShare: String
        let conversational: String
        let interactions: String
    }

    struct TopPostRow {
        let rank: String
        let date: String
        let kind: String
        let interactions: String
        let text: String
        let id: String
    }

    struct Reason {
        let code: String
        let label: String
    }

    struct ExampleRow {
        let date: String
        let kind: String
        let reasons: [Reason]
        let text: String
        let id: String
    }

    struct PartnerRow {
        let handle: String
        let posts: String
        let href: String
        let hasPage: Bool
    }

    let title: String
    let indexHref: String
    let methodologyHref: String
    let generatedAt: String
    let handle: String
    let name: String
    let hasName: Bool
    let sector: String
    let subsector: String
    let hasSubsector: Bool
    let country: String
    let hasCountry: Bool
    let domains: String
    let hasDomains: Bool
    let registered: Bool

    let hasPosts: Bool
    let posts: String
    let originals: String
    let replies: String
    let threads: String
    let reposts: String
    let quotes: String
    let firstPost: String
    let lastPost: String
    let activeMonths: String
    let postsPerWeek: String

    let promoShare: String
    let promoVerdict: String
    let lowerBound: Bool
    let linkCoverage: String
    let promotionalPosts: String
    let ctaPosts: String
    let ownLinkPosts: String
    let selfMentionPosts: String
    let selfReposts: String
    let thresholdPromotional: String
    let thresholdRelentless: String

    let conversationShare: String
    let dialogueVerdict: String
    let partners: String
    let thresholdConversational: String
    let thresholdMixed: String

    let measuredPosts: String
    let interactionsTotal: String
    let interactionsMean: String
    let interactionsMedian: String
    let interactionsP90: String
    let followers: String
    let engagementRateFollowers: String
    let impressionsTotal: String
    let engagementRateImpressions: String
    let promoEngagementRatio: String
    let hasPromoEngagementRatio: Bool

    let informationShare: String
    let communityShare: String
    let actionShare: String

    let classChart: String
    let promoChart: String
    let hasCharts: Bool
    let monthRows: [MonthRow]
    let topPosts: [TopPostRow]
    let hasTopPosts: Bool
    let examples: [ExampleRow]
    let hasExamples: Bool
    let partnerRows: [PartnerRow]
    let hasPartnerRows: Bool

    /// Longest post text shown; RSS and Atom entries can be whole articles.
    static let textLimit = 500

    init(org: OrgResult, organization: Organization?, overview: ReportOverview, reportHandles: Set<String>) {
        let m = org.metrics
        let count = DisplayNumber.count, percent = DisplayNumber.percent
        let t = overview.thresholds
        handle = HTMLEscaping.clean(org.handle)
        name = HTMLEscaping.clean(m.name)
        hasName = !m.name.isEmpty
        title = (hasName ? "\(name) (@\(handle))" : "@\(handle)") + " · Earshot report"
        indexHref = "../index.html"
        methodologyHref = "../index.html#methodology"
        generatedAt = overview.generatedAt
        sector = m.sector.rawValue
        subsector = HTMLEscaping.clean(m.subsector)
        hasSubsector = !m.subsector.isEmpty
        country = HTMLEscaping.clean(organization?.country ?? "")
        hasCountry = !(organization?.country ?? "").isEmpty
        domains = HTMLEscaping.clean((organization?.domains ?? []).joined(separator: ", "))
        hasDomains = !(organization?.domains ?? []).isEmpty
        registered = organization != nil

        hasPosts = m.posts > 0
        posts = count(m.posts)
        originals = count(m.originals)
        replies = count(m.replies)
        threads = count(m.threads)
        reposts = count(m.reposts)
        quotes = count(m.quotes)
        firstPost = m.firstPost?.description ?? DisplayNumber.unknown
        lastPost = m.lastPost?.description ?? DisplayNumber.unknown
        activeMonths = count(m.activeMonths)
        postsPerWeek = DisplayNumber.amount(m.postsPerWeek.map { ($0 * 10).rounded(.toNearestOrAwayFromZero) / 10 })

        promoShare = percent(m.promoShare)
        promoVerdict = m.promoVerdict?.rawValue ?? ""
        lowerBound = IndexPageModel.isLowerBound(m)
        linkCoverage = percent(m.linkCoverage)
        promotionalPosts = count(m.promotionalPosts)
        ctaPosts = count(m.ctaPosts)
        ownLinkPosts = count(m.ownLinkPosts)
        selfMentionPosts = count(m.selfMentionPosts)
        selfReposts = count(m.selfReposts)
        thresholdPromotional = percent(t.promotional)
        thresholdRelentless = percent(t.relentless)

        conversationShare = percent(m.conversationShare)
        dialogueVerdict = m.dialogueVerdict?.rawValue ?? ""
        partners = count(m.partners)
        thresholdConversational = percent(t.conversational)
        thresholdMixed = percent(t.mixed)

        measuredPosts = count(m.measuredPosts)
        interactionsTotal = count(m.interactionsTotal)
        interactionsMean = DisplayNumber.amount(m.interactionsMean)
        interactionsMedian = DisplayNumber.amount(m.interactionsMedian)
        interactionsP90 = count(m.interactionsP90)
        followers = count(m.followers)
        engagementRateFollowers = DisplayNumber.rate(m.engagementRateFollowers)
        impressionsTotal = count(m.impressionsTotal)
        engagementRateImpressions = DisplayNumber.rate(m.engagementRateImpressions)
        promoEngagementRatio = DisplayNumber.ratio(m.promoEngagementRatio)
        hasPromoEngagementRatio = m.promoEngagementRatio != nil

        informationShare = percent(m.informationShare)
        communityShare = percent(m.communityShare)
        actionShare = percent(m.actionShare)

        let bars = MonthlyCharts.classBars(org)
        let promo = MonthlyCharts.promoShare(org, thresholds: t)
        classChart = bars ?? ""
        promoChart = promo ?? ""
        hasCharts = bars != nil
        monthRows = org.months.map { month in
            MonthRow(month: month.month.description, posts: count(month.posts), information: count(month.information),
                     community: count(month.community), action: count(month.action), promotional: count(month.promotional),
                     promoShare: percent(month.promoShare), conversational: count(month.conversational),
                     interactions: count(month.interactions))
        }
        topPosts = org.topPosts.enumerated().map { i, post in
            TopPostRow(rank: "\(i + 1)", date: DisplayNumber.instant(post.created), kind: post.kind.rawValue,
                       interactions: count(post.interactions), text: HTMLEscaping.excerpt(post.text, limit: Self.textLimit),
                       id: HTMLEscaping.clean(post.id))
        }
        hasTopPosts = !topPosts.isEmpty
        examples = org.promotionalExamples.map { post in
            ExampleRow(date: DisplayNumber.instant(post.created), kind: post.kind.rawValue,
                       reasons: post.reasons.map { Reason(code: $0.rawValue, label: Self.label($0)) },
                       text: HTMLEscaping.excerpt(post.text, limit: Self.textLimit), id: HTMLEscaping.clean(post.id))
        }
        hasExamples = !examples.isEmpty
        partnerRows = org.topPartners.map { partner in
            let hasPage = reportHandles.contains(partner.handle)
            return PartnerRow(handle: HTMLEscaping.clean(partner.handle), posts: count(partner.posts),
                              href: hasPage ? HTMLReport.pageFileName(for: partner.handle) : "", hasPage: hasPage)
        }
        hasPartnerRows = !partnerRows.isEmpty
    }

    static func label(_ reason: PromotionReason) -> String {
        switch reason {
        case .cta: return "call to action"
        case .ownLink: return "own link"
        case .selfMention: return "self-mention"
        case .selfRepost: return "self-repost"
        }
    }
}
