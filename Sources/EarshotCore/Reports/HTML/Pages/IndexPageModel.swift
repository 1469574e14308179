/// What `index.mustache` sees. Every field is a display string, a flag or a list: the template
/// decides the wording and the layout, this type only the numbers. Fields are never optional
/// (a missing value in a Mustache context would be looked up in the enclosing one instead).
struct IndexPageModel {
    struct Run {
        let inputs: [String]
        let hasInputs: Bool
        let files: String
        let skippedFiles: String
        let hasSkippedFiles: Bool
        let records: String
        let posts: String
        let duplicates: String
        let rejects: String
        let rejectShare: String
        let hasRejects: Bool
        let maxRejectRate: String
        let hasMaxRejectRate: Bool
        let rejectRateAbove: Bool
        let rejectsHref: String
        let warnings: String
        let firstPost: String
        let lastPost: String
        let months: String
        let hasDateSpan: Bool
        let organizations: String
        let registered: String
        let active: String
        let unregistered: String
        let fileRows: [FileRow]
        let hasFileRows: Bool
    }

    struct FileRow {
        let path: String
        let format: String
        let org: String
        let records: String
        let posts: String
        let duplicates: String
        let rejects: String
        let warnings: String
    }

    struct OrgLink {
        let handle: String
        let name: String
        let hasName: Bool
        let href: String
        let promoShare: String
        let lowerBound: Bool
    }

    struct Glance {
        let relentless: String
        let promotional: String
        let balanced: String
        let conversational: String
        let mixed: String
        let broadcast: String
        let mostPromotional: [OrgLink]
        let hasMostPromotional: Bool
        let withoutPosts: String
        let hasWithoutPosts: Bool
    }

    struct SectorRow {
        let sector: String
        let registered: String
        let active: String
        let posts: String
        let information: String
        let community: String
        let action: String
        let medianPromoShare: String
        let medianConversationShare: String
        let medianEngagementRate: String
        let firstAdoption: String
        let medianAdoption: String
    }

    struct Baseline {
        let label: String
        let information: String
        let community: String
        let action: String
        let citation: String
    }

    struct OrgRow {
        let handle: String
        let name: String
        let hasName: Bool
        let href: String
        let sector: String
        let posts: String
        let postsValue: String
        let hasPosts: Bool
        let promoShare: String
        let promoValue: String
        let promoVerdict: String
        let lowerBound: Bool
        let linkCoverage: String
        let conversationShare: String
        let conversationValue: String
        let dialogueVerdict: String
        let medianInteractions: String
        let medianValue: String
        let rateFollowers: String
        let rateFollowersValue: String
        let rateImpressions: String
        let rateImpressionsValue: String
    }

    struct AdoptionTable {
        let sectors: [String]
        let rows: [AdoptionRow]
    }

    struct AdoptionRow {
        let month: String
        let cells: [String]
    }

    struct Thresholds {
        let promotional: String
        let relentless: String
        let conversational: String
        let mixed: String
        let isDefault: Bool
    }

    struct LexiconSection {
        let name: String
        let phrases: String
        let count: String
    }

    struct Lexicon {
        let name: String
        let sha256: String
        let sections: [LexiconSection]
        let hasSections: Bool
        let isBuiltin: Bool
    }

    let title: String
    let generatedAt: String
    let version: String
    let hasVersion: Bool
    let run: Run
    let glance: Glance
    let sectors: [SectorRow]
    let baseline: Baseline
    let classChart: String
    let adoptionChart: String
    let hasAdoptionChart: Bool
    let adoptionTable: AdoptionTable
    let organizations: [OrgRow]
    let scatterChart: String
    let hasScatterChart: Bool
    let thresholds: Thresholds
    let lexicon: Lexicon

    init(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult, registry: Registry) {
        let active = organizations.filter { $0.metrics.posts > 0 }
        let first = active.compactMap(\.metrics.firstPost).min()
        let last = active.compactMap(\.metrics.lastPost).max()
        let monthCount = first.flatMap { f in last.map { f.month.distance(to: $0.month) + 1 } }
        let href: (String) -> String = { HTMLReport.pagePath(for: $0) }

        title = "Earshot report"
        generatedAt = overview.generatedAt
        version = overview.version
        hasVersion = !overview.version.isEmpty

        let rejectShare = overview.records > 0 ? Double(overview.rejects) / Double(overview.records) : nil
        run = Run(
            inputs: overview.inputs.map(HTMLEscaping.clean), hasInputs: !overview.inputs.isEmpty,
            files: DisplayNumber.count(overview.files), skippedFiles: DisplayNumber.count(overview.skippedFiles),
            hasSkippedFiles: overview.skippedFiles > 0, records: DisplayNumber.count(overview.records),
            posts: DisplayNumber.count(overview.posts), duplicates: DisplayNumber.count(overview.duplicates),
            rejects: DisplayNumber.count(overview.rejects), rejectShare: DisplayNumber.rate(rejectShare),
            hasRejects: overview.rejects > 0,
            maxRejectRate: DisplayNumber.rate(overview.maxRejectRate), hasMaxRejectRate: overview.maxRejectRate != nil,
            rejectRateAbove: overview.maxRejectRate.map { (rejectShare ?? 0) > $0 } ?? false,
            rejectsHref: overview.rejectsFile, warnings: DisplayNumber.count(overview.warnings),
            firstPost: first?.description ?? DisplayNumber.unknown, lastPost: last?.description ?? DisplayNumber.unknown,
            months: DisplayNumber.count(monthCount), hasDateSpan: first != nil,
            organizations: DisplayNumber.count(organizations.count),
            registered: DisplayNumber.count(organizations.filter { $0.sector != .unregistered }.count),
            active: DisplayNumber.count(active.count),
            unregistered: DisplayNumber.count(organizations.filter { $0.sector == .unregistered }.count),
            fileRows: overview.fileSummaries.map {
                FileRow(path: HTMLEscaping.clean($0.path), format: $0.format, org: $0.org.map(HTMLEscaping.clean) ?? "several",
                        records: DisplayNumber.count($0.records), posts: DisplayNumber.count($0.posts),
                        duplicates: DisplayNumber.count($0.duplicates), rejects: DisplayNumber.count($0.rejects),
                        warnings: DisplayNumber.count($0.warnings))
            },
            hasFileRows: !overview.fileSummaries.isEmpty)

        // Most promotional first; organizations without posts last; ties by handle.
        let byPromo = organizations.enumerated().sorted { a, b in
            switch (a.element.metrics.promoShare, b.element.metrics.promoShare) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)

        let verdicts = active.compactMap(\.metrics.promoVerdict)
        let dialogue = active.compactMap(\.metrics.dialogueVerdict)
        let worst = byPromo.filter { ($0.metrics.promoShare ?? 0) > overview.thresholds.promotional }.prefix(5)
        glance = Glance(
            relentless: DisplayNumber.count(verdicts.filter { $0 == .relentless }.count),
            promotional: DisplayNumber.count(verdicts.filter { $0 == .promotional }.count),
            balanced: DisplayNumber.count(verdicts.filter { $0 == .balanced }.count),
            conversational: DisplayNumber.count(dialogue.filter { $0 == .conversational }.count),
            mixed: DisplayNumber.count(dialogue.filter { $0 == .mixed }.count),
            broadcast: DisplayNumber.count(dialogue.filter { $0 == .broadcast }.count),
            mostPromotional: worst.map { org in
                OrgLink(handle: HTMLEscaping.clean(org.handle), name: HTMLEscaping.clean(org.metrics.name), hasName: !org.metrics.name.isEmpty,
                        href: href(org.handle), promoShare: DisplayNumber.percent(org.metrics.promoShare),
                        lowerBound: Self.isLowerBound(org.metrics))
            },
            hasMostPromotional: !worst.isEmpty,
            withoutPosts: DisplayNumber.count(organizations.count - active.count),
            hasWithoutPosts: organizations.count > active.count)

        self.sectors = sectors.sectors.map { s in
            SectorRow(sector: s.sector.rawValue, registered: DisplayNumber.count(s.orgsRegistered),
                      active: DisplayNumber.count(s.orgsActive), posts: DisplayNumber.count(s.posts),
                      information: DisplayNumber.percent(s.informationShare), community: DisplayNumber.percent(s.communityShare),
                      action: DisplayNumber.percent(s.actionShare), medianPromoShare: DisplayNumber.percent(s.medianPromoShare),
                      medianConversationShare: DisplayNumber.percent(s.medianConversationShare),
                      medianEngagementRate: DisplayNumber.rate(s.medianEngagementRateFollowers),
                      firstAdoption: s.firstAdoption?.description ?? DisplayNumber.unknown,
                      medianAdoption: s.medianAdoption?.description ?? DisplayNumber.unknown)
        }
        let published = PublishedBaseline.lovejoySaxton2012
        baseline = Baseline(label: published.label, information: DisplayNumber.percent(published.information),
                            community: DisplayNumber.percent(published.community), action: DisplayNumber.percent(published.action),
                            citation: published.citation)
        classChart = ClassShareChart.svg(sectors, baseline: published)

        let adoption = AdoptionChart.series(sectors)
        let adoptionSVG = AdoptionChart.svg(sectors)
        adoptionChart = adoptionSVG ?? ""
        hasAdoptionChart = adoptionSVG != nil
        adoptionTable = AdoptionTable(
            sectors: adoption.series.map(\.sector.rawValue),
            rows: adoption.months.enumerated().map { i, month in
                AdoptionRow(month: month.description, cells: adoption.series.map {
                    "\(DisplayNumber.percent($0.shares[i])) (\(DisplayNumber.count($0.adopters[i])))"
                })
            })

        self.organizations = byPromo.map { org in
            let m = org.metrics
            return OrgRow(
                handle: HTMLEscaping.clean(org.handle), name: HTMLEscaping.clean(m.name), hasName: !m.name.isEmpty, href: href(org.handle),
                sector: m.sector.rawValue, posts: DisplayNumber.count(m.posts), postsValue: "\(m.posts)", hasPosts: m.posts > 0,
                promoShare: DisplayNumber.percent(m.promoShare), promoValue: DisplayNumber.exact(m.promoShare),
                promoVerdict: m.promoVerdict?.rawValue ?? "", lowerBound: Self.isLowerBound(m),
                linkCoverage: DisplayNumber.percent(m.linkCoverage),
                conversationShare: DisplayNumber.percent(m.conversationShare), conversationValue: DisplayNumber.exact(m.conversationShare),
                dialogueVerdict: m.dialogueVerdict?.rawValue ?? "",
                medianInteractions: DisplayNumber.amount(m.interactionsMedian), medianValue: DisplayNumber.exact(m.interactionsMedian),
                rateFollowers: DisplayNumber.rate(m.engagementRateFollowers), rateFollowersValue: DisplayNumber.exact(m.engagementRateFollowers),
                rateImpressions: DisplayNumber.rate(m.engagementRateImpressions),
                rateImpressionsValue: DisplayNumber.exact(m.engagementRateImpressions))
        }
        let scatter = PromoScatterChart.svg(organizations, thresholds: overview.thresholds, href: href)
        scatterChart = scatter ?? ""
        hasScatterChart = scatter != nil

        let t = overview.thresholds
        thresholds = Thresholds(promotional: DisplayNumber.percent(t.promotional), relentless: DisplayNumber.percent(t.relentless),
                                conversational: DisplayNumber.percent(t.conversational), mixed: DisplayNumber.percent(t.mixed),
                                isDefault: t == MetricThresholds())
        let sections = EarshotCore.Lexicon.Section.allCases.compactMap { section -> LexiconSection? in
            guard let phrases = overview.lexiconPhrases[section] else { return nil }
            return LexiconSection(name: section.rawValue, phrases: phrases.map(HTMLEscaping.clean).joined(separator: ", "),
                                  count: DisplayNumber.count(phrases.count))
        }
        lexicon = Lexicon(name: HTMLEscaping.clean(overview.lexiconName), sha256: overview.lexiconSHA256, sections: sections,
                          hasSections: !sections.isEmpty, isBuiltin: overview.lexiconName == EarshotCore.Lexicon.builtin.name)
    }

    /// promo_share is a lower bound when most links hide behind shorteners (metrics.md section 4).
    static func isLowerBound(_ m: OrganizationMetrics) -> Bool {
        guard let coverage = m.linkCoverage else { return false }
        return coverage < 0.5
    }
}
