/// What `org.mustache` and its row partials see for one organization: display strings and flags
/// (never optionals: a missing value in a Mustache context would be looked up in the enclosing
/// one instead). The field names below are the names the templates use.
struct OrgPageModel {
    /// The page's own fields. `monthRows`, `topPostRows`, `exampleRows` and `partnerRows` are
    /// added by `HTMLReport`: the rows below, rendered.
    let page: TemplateRecord
    /// `org-month-row` (months with posts): month, posts, information, community, action, promotional, promoShare,
    /// conversational, interactions.
    let monthRows: [TemplateRecord]
    /// `org-top-post-row`: rank, date, kind, interactions, text, id.
    let topPosts: [TemplateRecord]
    /// `org-example-row`: date, kind, reasons (a list of code and label), text, id.
    let examples: [TemplateRecord]
    /// `org-partner-row`: handle, posts, href, hasPage.
    let partnerRows: [TemplateRecord]
    /// The rows of `org-details.mustache`'s tables (`OrgDetailSection.Rows`).
    let detailRows: OrgDetailSection.Rows

    /// Longest post text shown; RSS and Atom entries can be whole articles.
    static let textLimit = 500

    init(org: OrgResult, organization: Organization?, overview: ReportOverview, reportHandles: Set<String>,
         details: OrgDetails? = nil, peers: [PeerComparison.Row] = []) {
        let m = org.metrics
        let t = overview.thresholds
        let count: (Int?) -> TemplateValue = { .text(DisplayNumber.count($0)) }
        let percent: (Double?) -> TemplateValue = { .text(DisplayNumber.percent($0)) }
        let handle = HTMLEscaping.clean(org.handle)
        let name = HTMLEscaping.clean(m.name)
        let hasName = !m.name.isEmpty
        let country = organization?.country ?? ""
        let domains = organization?.domains ?? []

        // Months without posts are left out of the table (all their cells are 0 or a dash); the
        // page says how many months the table lists of how many the organization spans.
        monthRows = org.months.filter { $0.posts > 0 }.map { month in
            ["month": .text(month.month.description), "posts": count(month.posts), "information": count(month.information),
             "community": count(month.community), "action": count(month.action), "promotional": count(month.promotional),
             "promoShare": percent(month.promoShare), "conversational": count(month.conversational),
             "interactions": count(month.interactions)]
        }
        topPosts = org.topPosts.enumerated().map { i, post in
            ["rank": .text(String(i + 1)), "date": .text(DisplayNumber.instant(post.created)), "kind": .text(post.kind.rawValue),
             "interactions": count(post.interactions), "text": .text(HTMLEscaping.excerpt(post.text, limit: Self.textLimit)),
             "id": .text(HTMLEscaping.clean(post.id)), "link": .text(details?.postLinks[post.id] ?? ""),
             "hasLink": .flag(details?.postLinks[post.id] != nil)]
        }
        examples = org.promotionalExamples.map { post in
            ["date": .text(DisplayNumber.instant(post.created)), "kind": .text(post.kind.rawValue),
             "reasons": .list(post.reasons.map { .record(["code": .text($0.part.rawValue), "label": .text(Self.label($0))]) }),
             "text": .text(HTMLEscaping.excerpt(post.text, limit: Self.textLimit)), "id": .text(HTMLEscaping.clean(post.id)),
             "link": .text(details?.postLinks[post.id] ?? ""), "hasLink": .flag(details?.postLinks[post.id] != nil)]
        }
        partnerRows = org.topPartners.map { partner in
            let hasPage = reportHandles.contains(partner.handle)
            return ["handle": .text(HTMLEscaping.clean(partner.handle)), "posts": count(partner.posts),
                    "href": .text(hasPage ? HTMLReport.pageFileName(for: partner.handle) : ""), "hasPage": .flag(hasPage)]
        }

        // Few posts: no month charts (mostly empty months), the table only (OrgDetailSection.drawsCharts).
        let draws = OrgDetailSection.drawsCharts(posts: m.posts, minPosts: t.minPosts)
        let bars = draws ? MonthlyCharts.classBars(org) : nil
        let promo = draws ? MonthlyCharts.promoShare(org, thresholds: t) : nil
        var page: TemplateRecord = [
            "title": .text((hasName ? "\(name) (@\(handle))" : "@\(handle)") + " · Earshot report"),
            "indexHref": .text("../index.html"),
            "methodologyHref": .text("../index.html#methodology"),
            "generatedAt": .text(overview.generatedAt),
            "handle": .text(handle),
            "name": .text(name),
            "hasName": .flag(hasName),
            "sector": .text(m.sector.rawValue),
            "subsector": .text(HTMLEscaping.clean(m.subsector)),
            "hasSubsector": .flag(!m.subsector.isEmpty),
            "country": .text(HTMLEscaping.clean(country)),
            "hasCountry": .flag(!country.isEmpty),
            "domains": .text(HTMLEscaping.clean(domains.joined(separator: ", "))),
            "hasDomains": .flag(!domains.isEmpty),
            "registered": .flag(organization != nil),

            "hasPosts": .flag(m.posts > 0),
            "posts": count(m.posts),
            "originals": count(m.originals),
            "replies": count(m.replies),
            "threads": count(m.threads),
            "reposts": count(m.reposts),
            "quotes": count(m.quotes),
            "firstPost": .text(m.firstPost?.description ?? DisplayNumber.unknown),
            "lastPost": .text(m.lastPost?.description ?? DisplayNumber.unknown),
            "activeMonths": count(m.activeMonths),
            "postsPerWeek": .text(DisplayNumber.amount(m.postsPerWeek.map { ($0 * 10).rounded(.toNearestOrAwayFromZero) / 10 })),

            "promoShare": percent(m.promoShare),
            "promoVerdict": .text(m.promoVerdict?.rawValue ?? ""),
            "lowerBound": .flag(IndexPageModel.isLowerBound(m)),
            "linkCoverage": percent(m.linkCoverage),
            "promoUnreliable": .flag(m.caveats.fewPosts),
            "hasCaveats": .flag(!CaveatText.sentences(m, minPosts: t.minPosts).isEmpty),
            "caveats": .list(CaveatText.sentences(m, minPosts: t.minPosts).map { .text($0) }),
            "promotionalPosts": count(m.promotionalPosts),
            "ctaPosts": count(m.ctaPosts),
            "ownLinkPosts": count(m.ownLinkPosts),
            "selfMentionPosts": count(m.selfMentionPosts),
            "selfReposts": count(m.selfReposts),
            "thresholdPromotional": percent(t.promotional),
            "thresholdRelentless": percent(t.relentless),

            "conversationShare": percent(m.conversationShare),
            "dialogueVerdict": .text(m.dialogueVerdict?.rawValue ?? ""),
            "partners": count(m.partners),
            "thresholdConversational": percent(t.conversational),
            "thresholdMixed": percent(t.mixed),

            "measuredPosts": count(m.measuredPosts),
            "interactionsTotal": count(m.interactionsTotal),
            "interactionsMean": .text(DisplayNumber.amount(m.interactionsMean)),
            "interactionsMedian": .text(DisplayNumber.amount(m.interactionsMedian)),
            "interactionsP90": count(m.interactionsP90),
            "followers": count(m.followers),
            "engagementRateFollowers": .text(DisplayNumber.rate(m.engagementRateFollowers)),
            "impressionsTotal": count(m.impressionsTotal),
            "engagementRateImpressions": .text(DisplayNumber.rate(m.engagementRateImpressions)),
            "promoEngagementRatio": .text(DisplayNumber.ratio(m.promoEngagementRatio)),
            "hasPromoEngagementRatio": .flag(m.promoEngagementRatio != nil),

            "informationShare": percent(m.informationShare),
            "communityShare": percent(m.communityShare),
            "actionShare": percent(m.actionShare),

            "classChart": .text(bars ?? ""),
            "promoChart": .text(promo ?? ""),
            "hasCharts": .flag(bars != nil),
            "hasMonthTable": .flag(!monthRows.isEmpty),
            "hasTopPosts": .flag(!topPosts.isEmpty),
            "hasExamples": .flag(!examples.isEmpty),
            "hasPartnerRows": .flag(!partnerRows.isEmpty),
            "platformSection": .text(PlatformSections.orgSection(org, drawsCharts: draws)),
        ]
        page["monthsListed"] = count(monthRows.count)
        page["monthsSpan"] = count(org.months.count)
        page["monthsLeftOut"] = .flag(monthRows.count < org.months.count)
        let added = OrgDetailSection.fields(org: org, details: details, peers: peers, thresholds: t)
        for name in added.page.names { page[name] = added.page[name] }
        self.page = page
        detailRows = added.rows
    }

    /// The reason in words: the part of the rule, then the phrase that met it.
    static func label(_ reason: PromotionReason) -> String {
        let part: String
        switch reason.part {
        case .cta: part = "call to action"
        case .ownLink: part = "own link"
        case .selfMention: part = "self-mention"
        case .selfRepost: part = "self-repost"
        case .orgAsk: part = "asks for the organization"
        case .eventAsk: part = "asks to attend its event (with a date or time)"
        case .ownLinkStanding: part = "own link with standing"
        case .ownLinkLaunch: part = "own link with a launch"
        case .selfMentionStanding: part = "self-mention with standing"
        case .selfMentionLaunch: part = "self-mention with a launch"
        }
        return reason.phrase.isEmpty ? part : part + ": " + reason.phrase
    }
}
