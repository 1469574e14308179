import Crypto
/// What `index.mustache` and its row partials see. Every field is a display string, a flag, a
/// list or a record of fields: the template decides the wording and the layout, this type only
/// the numbers. Fields are never optional (a missing value in a Mustache context would be looked
/// up in the enclosing one instead). The field names below are the names the templates use.
struct IndexPageModel {
    /// The page's own fields. `formatRows`, `fileRows`, `adoptionRows` and `organizationRows`
    /// are added by `HTMLReport`: the rows below, rendered.
    let page: TemplateRecord
    /// `index-format-row`, the files read by format: format, files, records, posts, duplicates,
    /// rejects, warnings.
    let formatRows: [TemplateRecord]
    /// `index-file-row`, the files with rejects or warnings (the most rejects first, at most
    /// `ReportFileTable.limit`): path, format, org, records, posts, duplicates, rejects, warnings.
    let fileRows: [TemplateRecord]
    /// `index-adoption-row`: month, cells (one text per sector).
    let adoptionRows: [TemplateRecord]
    /// `index-organization-row`: handle, name, hasName, href, sector, posts, postsValue, hasPosts,
    /// promoShare, promoValue, promoVerdict, lowerBound, linkCoverage, conversationShare,
    /// conversationValue, dialogueVerdict, medianInteractions, medianValue, rateFollowers,
    /// rateFollowersValue, rateImpressions, rateImpressionsValue.
    let organizationRows: [TemplateRecord]

    /// Up to this many organizations, the index lists every one; above, it lists the
    /// `topRows` most promotional and links the full ranking (`RankingPageModel`), so that the
    /// index of a registry of 50,000 organizations stays a page that opens (it was 47 MB).
    static let fullTableLimit = 1000
    static let topRows = 100

    /// Whether the index lists only the top of the ranking.
    static func isPaged(organizations count: Int) -> Bool { count > fullTableLimit }

    /// - Parameter byPromo: `organizations` ranked by `ranked(_:)`, when the caller has them.
    init(overview: ReportOverview, organizations: [OrgResult], sectors: SectorResult, registry: Registry,
         byPromo ranked: [OrgResult]? = nil) {
        let active = organizations.filter { $0.metrics.posts > 0 }
        let first = active.compactMap(\.metrics.firstPost).min()
        let last = active.compactMap(\.metrics.lastPost).max()
        let href: (String) -> String = { HTMLReport.pagePath(for: $0) }
        let count: (Int?) -> TemplateValue = { .text(DisplayNumber.count($0)) }
        let percent: (Double?) -> TemplateValue = { .text(DisplayNumber.percent($0)) }

        let table = overview.fileTable
        formatRows = table.formats.map {
            ["format": .text(HTMLEscaping.clean($0.format)), "files": count($0.files), "records": count($0.records),
             "posts": count($0.posts), "duplicates": count($0.duplicates), "rejects": count($0.rejects),
             "warnings": count($0.warnings)]
        }
        fileRows = table.filesWithFindings.map {
            ["path": .text(HTMLEscaping.clean($0.path)), "format": .text($0.format),
             "org": .text($0.org.map(HTMLEscaping.clean) ?? "several"), "records": count($0.records), "posts": count($0.posts),
             "duplicates": count($0.duplicates), "rejects": count($0.rejects), "warnings": count($0.warnings)]
        }
        let run = Self.runRecord(overview, organizations: organizations, active: active, first: first, last: last)

        let byPromo = ranked ?? Self.ranked(organizations)
        let paged = Self.isPaged(organizations: organizations.count)

        let glance = Self.glanceRecord(overview, organizations: organizations, active: active, byPromo: byPromo)

        let sectorRows: [TemplateValue] = sectors.sectors.map { s in
            .record(["sector": .text(s.sector.rawValue), "registered": count(s.orgsRegistered), "active": count(s.orgsActive),
                     "posts": count(s.posts), "information": percent(s.informationShare), "community": percent(s.communityShare),
                     "action": percent(s.actionShare), "medianPromoShare": percent(s.medianPromoShare),
                     "medianConversationShare": percent(s.medianConversationShare),
                     "medianEngagementRate": .text(DisplayNumber.rate(s.medianEngagementRateFollowers)),
                     "firstAdoption": .text(s.firstAdoption?.description ?? DisplayNumber.unknown),
                     "medianAdoption": .text(s.medianAdoption?.description ?? DisplayNumber.unknown)])
        }
        let published = PublishedBaseline.lovejoySaxton2012
        let baseline: TemplateRecord = [
            "label": .text(published.label), "information": percent(published.information),
            "community": percent(published.community), "action": percent(published.action), "citation": .text(published.citation),
        ]

        let adoption = AdoptionChart.series(sectors)
        let adoptionSVG = AdoptionChart.svg(sectors)
        adoptionRows = adoption.months.enumerated().map { i, month in
            ["month": .text(month.description), "cells": .list(adoption.series.map {
                .text("\(DisplayNumber.percent($0.shares[i])) (\(DisplayNumber.count($0.adopters[i])))")
            })]
        }

        organizationRows = (paged ? Array(byPromo.prefix(Self.topRows)) : byPromo).map(Self.row)
        let scatter = PromoScatterChart.svg(organizations, thresholds: overview.thresholds, href: href)
        let scatterImpressions = PromoScatterChart.svg(organizations, thresholds: overview.thresholds, rate: .impressions, href: href)
        let rankingPages = paged ? RankingPageModel.pageCount(organizations: organizations.count) : 0
        let ranking: TemplateRecord = [
            "paged": .flag(paged), "shown": count(min(organizations.count, paged ? Self.topRows : organizations.count)),
            "total": count(organizations.count), "href": .text(RankingPageModel.path(page: 0)), "pages": count(rankingPages),
            "pageRows": count(RankingPageModel.rows),
        ]

        let thresholds = Self.thresholdsRecord(overview.thresholds)
        let lexicon = Self.lexiconRecord(overview)

        page = [
            "title": .text("Earshot report"),
            "generatedAt": .text(overview.generatedAt),
            "version": .text(overview.version),
            "hasVersion": .flag(!overview.version.isEmpty),
            "run": .record(run),
            "glance": .record(glance),
            "sectors": .list(sectorRows),
            "baseline": .record(baseline),
            "classChart": .text(ClassShareChart.svg(sectors, baseline: published)),
            "adoptionChart": .text(adoptionSVG ?? ""),
            "platformSection": .text(PlatformSections.indexSection(organizations, registry: registry, href: href)),
            "hasAdoptionChart": .flag(adoptionSVG != nil),
            "adoptionTable": .record(["sectors": .list(adoption.series.map { .text($0.sector.rawValue) })]),
            "scatterChart": .text(scatter ?? ""),
            "hasScatterChart": .flag(scatter != nil),
            "scatterImpressionsChart": .text(scatterImpressions ?? ""),
            "hasScatterImpressionsChart": .flag(scatterImpressions != nil),
            "sectorStrips": .text(SectorStripChart.section(organizations, href: href)),
            "thresholds": .record(thresholds),
            "lexicon": .record(lexicon),
            "hasValidation": .flag(overview.validation != nil),
            "validation": .record(overview.validation.map(ValidationSection.record) ?? [:]),
            "ranking": .record(ranking),
        ]
    }

    /// Most promotional first; organizations without posts last; ties by the order given (handle).
    static func ranked(_ organizations: [OrgResult]) -> [OrgResult] {
        organizations.enumerated().sorted { a, b in
            switch (a.element.metrics.promoShare, b.element.metrics.promoShare) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    // MARK: The page's records, one step each

    private static func count(_ n: Int?) -> TemplateValue { .text(DisplayNumber.count(n)) }
    private static func percent(_ x: Double?) -> TemplateValue { .text(DisplayNumber.percent(x)) }

    /// The run: inputs, files, records and rejects, the date span, the organizations.
    static func runRecord(_ overview: ReportOverview, organizations: [OrgResult], active: [OrgResult],
                          first: CalendarDay?, last: CalendarDay?) -> TemplateRecord {
        let count = Self.count as (Int?) -> TemplateValue
        let table = overview.fileTable
        let monthCount = first.flatMap { f in last.map { f.month.distance(to: $0.month) + 1 } }
        let rejectShare = overview.records > 0 ? Double(overview.rejects) / Double(overview.records) : nil
        return [
            "inputs": .list(overview.inputs.map { .text(HTMLEscaping.clean($0)) }),
            "hasInputs": .flag(!overview.inputs.isEmpty),
            "files": count(overview.files),
            "skippedFiles": count(overview.skippedFiles),
            "hasSkippedFiles": .flag(overview.skippedFiles > 0),
            "records": count(overview.records),
            "posts": count(overview.posts),
            "duplicates": count(overview.duplicates),
            "rejects": count(overview.rejects),
            "rejectShare": .text(DisplayNumber.rate(rejectShare)),
            "hasRejects": .flag(overview.rejects > 0),
            "maxRejectRate": .text(DisplayNumber.rate(overview.maxRejectRate)),
            "hasMaxRejectRate": .flag(overview.maxRejectRate != nil),
            "rejectRateAbove": .flag(overview.maxRejectRate.map { (rejectShare ?? 0) > $0 } ?? false),
            "rejectsHref": .text(overview.rejectsFile),
            "warnings": count(overview.warnings),
            "firstPost": .text(first?.description ?? DisplayNumber.unknown),
            "lastPost": .text(last?.description ?? DisplayNumber.unknown),
            "months": count(monthCount),
            "hasDateSpan": .flag(first != nil),
            "organizations": count(organizations.count),
            "registered": count(organizations.filter { $0.sector != .unregistered }.count),
            "active": count(active.count),
            "unregistered": count(organizations.filter { $0.sector == .unregistered }.count),
            "hasFormatRows": .flag(!table.formats.isEmpty),
            "hasFileRows": .flag(!table.filesWithFindings.isEmpty),
            "filesWithFindings": count(table.filesWithFindingsCount),
            "moreFileRows": count(table.filesWithFindingsCount - table.filesWithFindings.count),
            "hasMoreFileRows": .flag(table.filesWithFindingsCount > table.filesWithFindings.count),
        ]

    }

    /// The verdicts at a glance and the most promotional organizations.
    static func glanceRecord(_ overview: ReportOverview, organizations: [OrgResult], active: [OrgResult],
                             byPromo: [OrgResult]) -> TemplateRecord {
        let count = Self.count as (Int?) -> TemplateValue, percent = Self.percent as (Double?) -> TemplateValue
        let href: (String) -> String = { HTMLReport.pagePath(for: $0) }
        let verdicts = active.compactMap(\.metrics.promoVerdict)
        let dialogue = active.compactMap(\.metrics.dialogueVerdict)
        let worst = byPromo.filter { ($0.metrics.promoShare ?? 0) > overview.thresholds.promotional }.prefix(5)
        return [
            "relentless": count(verdicts.filter { $0 == .relentless }.count),
            "promotional": count(verdicts.filter { $0 == .promotional }.count),
            "balanced": count(verdicts.filter { $0 == .balanced }.count),
            "conversational": count(dialogue.filter { $0 == .conversational }.count),
            "mixed": count(dialogue.filter { $0 == .mixed }.count),
            "broadcast": count(dialogue.filter { $0 == .broadcast }.count),
            "mostPromotional": .list(worst.map { org in
                .record(["handle": .text(HTMLEscaping.clean(org.handle)), "name": .text(HTMLEscaping.clean(org.metrics.name)),
                         "hasName": .flag(!org.metrics.name.isEmpty), "href": .text(href(org.handle)),
                         "promoShare": percent(org.metrics.promoShare), "lowerBound": .flag(Self.isLowerBound(org.metrics))])
            }),
            "hasMostPromotional": .flag(!worst.isEmpty),
            "withoutPosts": count(organizations.count - active.count),
            "hasWithoutPosts": .flag(organizations.count > active.count),
        ]

    }

    /// The verdict thresholds in force.
    static func thresholdsRecord(_ t: MetricThresholds) -> TemplateRecord {
        let count = Self.count as (Int?) -> TemplateValue, percent = Self.percent as (Double?) -> TemplateValue
        return [
            "promotional": percent(t.promotional), "relentless": percent(t.relentless),
            "conversational": percent(t.conversational), "mixed": percent(t.mixed), "isDefault": .flag(t == MetricThresholds()),
            "minPosts": count(t.minPosts),
        ]
    }

    /// The lexicon and promotional rule in use, with their phrases.
    static func lexiconRecord(_ overview: ReportOverview) -> TemplateRecord {
        let count = Self.count as (Int?) -> TemplateValue
        let sections: [TemplateValue] = Lexicon.Section.allCases.compactMap { section in
            // A version-1 lexicon has no rule-v2 lists to show.
            if overview.promotionalRule == .v1, Lexicon.Section.promotionalV2.contains(section) { return nil }
            guard let phrases = overview.lexiconPhrases[section] else { return nil }
            return .record(["name": .text(section.rawValue), "phrases": .text(phrases.map(HTMLEscaping.clean).joined(separator: ", ")),
                            "count": count(phrases.count)])
        }
        return [
            "name": .text(HTMLEscaping.clean(overview.lexiconName)), "sha256": .text(overview.lexiconSHA256),
            "sections": .list(sections), "hasSections": .flag(!sections.isEmpty),
            "isBuiltin": .flag(overview.lexiconName == Lexicon.builtin.name),
            "rule": .text(overview.promotionalRule.rawValue),
            "ruleV1": .flag(overview.promotionalRule == .v1),
            "fromBuiltin": .text(overview.lexiconFromBuiltin.map { "[\($0.rawValue)]" }.joined(separator: ", ")),
            "hasFromBuiltin": .flag(!overview.lexiconFromBuiltin.isEmpty),
        ]
    }


    /// An `index-organization-row`.
    static func row(_ org: OrgResult) -> TemplateRecord {
        let href: (String) -> String = { HTMLReport.pagePath(for: $0) }
        let count: (Int?) -> TemplateValue = { .text(DisplayNumber.count($0)) }
        let percent: (Double?) -> TemplateValue = { .text(DisplayNumber.percent($0)) }
        let m = org.metrics
        return ["handle": .text(HTMLEscaping.clean(org.handle)), "name": .text(HTMLEscaping.clean(m.name)),
                "hasName": .flag(!m.name.isEmpty), "href": .text(href(org.handle)),
                "sector": .text(m.sector.rawValue), "posts": count(m.posts), "postsValue": .text(String(m.posts)),
                "hasPosts": .flag(m.posts > 0),
                "promoShare": percent(m.promoShare), "promoValue": .text(DisplayNumber.exact(m.promoShare)),
                "promoVerdict": .text(m.promoVerdict?.rawValue ?? ""), "lowerBound": .flag(Self.isLowerBound(m)),
                "linkCoverage": percent(m.linkCoverage),
                "unreliable": .flag(m.caveats.fewPosts), "domainsUnknown": .flag(m.caveats.ownDomainsUnknown && !m.caveats.fewPosts),
                "conversationShare": percent(m.conversationShare), "conversationValue": .text(DisplayNumber.exact(m.conversationShare)),
                "dialogueVerdict": .text(m.dialogueVerdict?.rawValue ?? ""),
                "medianInteractions": .text(DisplayNumber.amount(m.interactionsMedian)),
                "medianValue": .text(DisplayNumber.exact(m.interactionsMedian)),
                "rateFollowers": .text(DisplayNumber.rate(m.engagementRateFollowers)),
                "rateFollowersValue": .text(DisplayNumber.exact(m.engagementRateFollowers)),
                "rateImpressions": .text(DisplayNumber.rate(m.engagementRateImpressions)),
                "rateImpressionsValue": .text(DisplayNumber.exact(m.engagementRateImpressions))]
    }

    /// promo_share is a lower bound when most links hide behind shorteners (metrics.md section 4).
    static func isLowerBound(_ m: OrganizationMetrics) -> Bool {
        guard let coverage = m.linkCoverage else { return false }
        return coverage < 0.5
    }
}
