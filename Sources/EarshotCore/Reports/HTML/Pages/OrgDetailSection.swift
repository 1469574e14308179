/// The fields of `org-details.mustache` (issue 15): engagement and the smoothed promo share per
/// month, the organization against its sector, the weekday x hour heat maps and the top
/// hashtags and link domains. Every field is always set (flags say what is missing).
///
/// Lists whose length changes from one organization to the next (months, peers, terms, hours
/// with posts) are table rows, rendered through their own partials (`Rows`), so the page itself
/// has a handful of shapes and its stamp is reused (`TemplateStamper`).
enum OrgDetailSection {
    /// The rows of the section's tables, one partial each (`HTMLReport.orgPage` renders them into
    /// the page's field of the same name).
    struct Rows {
        /// `org-detail-month-row`: month, posts, promotional, rolling, measured, interactions,
        /// mean, rate, thin.
        var detailMonthRows: [TemplateRecord] = []
        /// `org-peer-row`: measure, value, median, rank, compared, percentile.
        var peerRows: [TemplateRecord] = []
        /// `org-term-row`: term, posts, median.
        var hashtagRows: [TemplateRecord] = []
        var domainRows: [TemplateRecord] = []
        /// `org-hour-cell-row`: weekday, hour, posts, median (only below `drawsCharts`).
        var hourCellRows: [TemplateRecord] = []

        /// (field, partial, rows), in the order the page is filled.
        var all: [(field: String, partial: String, rows: [TemplateRecord])] {
            [("detailMonthRows", "org-detail-month-row", detailMonthRows), ("peerRows", "org-peer-row", peerRows),
             ("hashtagRows", "org-term-row", hashtagRows), ("domainRows", "org-term-row", domainRows),
             ("hourCellRows", "org-hour-cell-row", hourCellRows)]
        }
    }

    /// Whether an organization's page draws its charts (per month, and weekday x hour): from
    /// `minPosts` posts on (the verdicts' own "few posts" line, 30 by default). Below it the
    /// months charts are mostly empty months over years and the 7 x 24 grids mostly empty
    /// cells; the page says so in a sentence and shows the tables, which hold every number:
    /// the months with posts, and the hours with posts in one short table (`hourCellRows`).
    static func drawsCharts(posts: Int, minPosts: Int) -> Bool { posts >= minPosts }

    static func fields(org: OrgResult, details: OrgDetails?, peers: [PeerComparison.Row],
                       thresholds: MetricThresholds) -> (page: TemplateRecord, rows: Rows) {
        var page: TemplateRecord = [:]
        var rows = Rows()
        let count: (Int?) -> TemplateValue = { .text(DisplayNumber.count($0)) }

        // Per month: a row for each month with posts, and where the rolling share is drawn, for
        // each month with a rolling share (the two after a month with posts): the table holds the
        // chart's numbers. The months left out have no posts and nothing drawn.
        let draws = drawsCharts(posts: org.metrics.posts, minPosts: thresholds.minPosts)
        let rolling = RollingShare.promo(org.months)
        let engagementChart = draws ? OrgDetailCharts.engagementByMonth(org) : nil
        let rollingChart = draws ? OrgDetailCharts.rollingPromo(org, thresholds: thresholds) : nil
        rows.detailMonthRows = org.months.enumerated().compactMap { i, m in
            guard Self.listsMonth(m, rolling: rolling[i], charted: rollingChart != nil) else { return nil }
            let mean = m.measuredPosts > 0 ? m.interactions.map { Double($0) / Double(m.measuredPosts) } : nil
            let rate: Double? = m.engagements.flatMap { e in m.impressions.flatMap { $0 > 0 ? Double(e) / Double($0) : nil } }
            return ["month": .text(m.month.description), "posts": count(m.posts), "promotional": count(m.promotional),
                    "rolling": .text(DisplayNumber.percent(rolling[i])), "measured": count(m.measuredPosts),
                    "interactions": count(m.interactions), "mean": .text(DisplayNumber.amount(mean)),
                    "rate": .text(DisplayNumber.rate(rate)), "thin": .flag(m.posts > 0 && m.posts < 5)]
        }
        page["engagementChart"] = .text(engagementChart ?? "")
        page["hasEngagementChart"] = .flag(engagementChart != nil)
        page["rollingChart"] = .text(rollingChart ?? "")
        page["hasRollingChart"] = .flag(rollingChart != nil)
        page["hasDetailMonths"] = .flag(!org.months.isEmpty)
        page["chartsLeftOut"] = .flag(!draws)
        page["chartsMinPosts"] = count(thresholds.minPosts)
        page["detailMonthsListed"] = count(rows.detailMonthRows.count)
        page["detailMonthsSpan"] = count(org.months.count)
        page["detailMonthsLeftOut"] = .flag(rows.detailMonthRows.count < org.months.count)

        // Against the sector.
        rows.peerRows = peers.map { row in
            let show: (Double) -> String = {
                switch row.measure {
                case .promoShare, .conversationShare: return DisplayNumber.percent($0)
                case .engagementRate: return DisplayNumber.rate($0)
                case .postingRate: return DisplayNumber.fixed($0, places: 2)
                }
            }
            return ["measure": .text(label(row.measure)), "value": .text(show(row.value)), "median": .text(show(row.median)),
                    "rank": count(row.rank), "compared": count(row.compared),
                    "percentile": .text(row.percentile.map { DisplayNumber.fixed($0, places: 0) } ?? DisplayNumber.unknown)]
        }
        page["hasPeerRows"] = .flag(!peers.isEmpty)
        page["peerSector"] = .text(org.sector.rawValue)

        // Weekday x hour: the grid from `minPosts` posts on, else the hours with posts.
        let grid = details != nil && draws
        let postsMap = grid ? details.flatMap { OrgDetailCharts.heatMap($0, handle: org.handle, engagement: false) } : nil
        let engagementMap = grid ? details.flatMap { OrgDetailCharts.heatMap($0, handle: org.handle, engagement: true) } : nil
        page["hasDetails"] = .flag(details != nil)
        page["timeZone"] = .text(details?.timeZone ?? "UTC")
        page["hasHourGrid"] = .flag(grid)
        page["hoursPostsChart"] = .text(postsMap ?? "")
        page["hasHoursPostsChart"] = .flag(postsMap != nil)
        page["hoursEngagementChart"] = .text(engagementMap ?? "")
        page["hasHoursEngagementChart"] = .flag(engagementMap != nil)
        page["hourHeader"] = .list((0..<24).map { .text(String($0)) })
        page["hourPostRows"] = .list(grid ? hourRows(details) { DisplayNumber.count($0.posts) } : [])
        page["hourEngagementRows"] = .list(grid ? hourRows(details) { DisplayNumber.amount($0.medianInteractions) } : [])
        if !grid, let details {
            rows.hourCellRows = details.hours.map { c in
                ["weekday": .text(OrgDetailCharts.weekdays[c.weekday - 1]), "hour": .text(String(format: "%02d:00", c.hour)),
                 "posts": count(c.posts), "median": .text(DisplayNumber.amount(c.medianInteractions))]
            }
        }
        page["hasHourCellRows"] = .flag(!rows.hourCellRows.isEmpty)

        // Terms.
        func terms(_ kind: OrgDetails.Kind) -> [TemplateRecord] {
            (details?.terms(kind) ?? []).map {
                ["term": .text(HTMLEscaping.clean(kind == .hashtag ? "#" + $0.term : $0.term)), "posts": count($0.posts),
                 "median": .text(DisplayNumber.amount($0.medianInteractions))]
            }
        }
        rows.hashtagRows = terms(.hashtag)
        rows.domainRows = terms(.domain)
        page["hasHashtagRows"] = .flag(!rows.hashtagRows.isEmpty)
        page["hasDomainRows"] = .flag(!rows.domainRows.isEmpty)
        page["termLimit"] = count(OrgDetails.termLimit)
        page["withLinkPosts"] = count(details?.withLink.posts)
        page["withLinkMedian"] = .text(DisplayNumber.amount(details?.withLink.medianInteractions))
        page["withoutLinkPosts"] = count(details?.withoutLink.posts)
        page["withoutLinkMedian"] = .text(DisplayNumber.amount(details?.withoutLink.medianInteractions))
        return (page, rows)
    }

    /// Whether a month has a row in the engagement table: it has posts, or the rolling share is
    /// charted and has a value in that month (from the two months before it). Any other month
    /// shows only zeros and dashes.
    static func listsMonth(_ month: OrgMonth, rolling: Double?, charted: Bool) -> Bool {
        month.posts > 0 || (charted && rolling != nil)
    }

    static func label(_ measure: PeerComparison.Measure) -> String {
        switch measure {
        case .promoShare: return "Promo share"
        case .conversationShare: return "Conversation share"
        case .engagementRate: return "Engagement rate (by followers)"
        case .postingRate: return "Posts per week"
        }
    }

    /// Seven rows (Monday first) of 24 cells; an empty cell shows nothing.
    static func hourRows(_ details: OrgDetails?, _ show: (OrgDetails.HourCell) -> String) -> [TemplateValue] {
        var cells: [Int: OrgDetails.HourCell] = [:]
        for c in details?.hours ?? [] { cells[(c.weekday - 1) * 24 + c.hour] = c }
        return (0..<7).map { day in
            .record(["weekday": .text(OrgDetailCharts.weekdays[day]),
                     "cells": .list((0..<24).map { hour in .text(cells[day * 24 + hour].map(show) ?? "") })])
        }
    }
}
