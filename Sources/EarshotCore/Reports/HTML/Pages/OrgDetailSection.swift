/// The fields of `org-details.mustache` (issue 15): engagement and the smoothed promo share per
/// month, the organization against its sector, the weekday x hour heat maps and the top
/// hashtags and link domains. Every field is always set (flags say what is missing).
enum OrgDetailSection {
    static func fields(org: OrgResult, details: OrgDetails?, peers: [PeerComparison.Row],
                       thresholds: MetricThresholds) -> TemplateRecord {
        var page: TemplateRecord = [:]
        let count: (Int?) -> TemplateValue = { .text(DisplayNumber.count($0)) }

        // Per month.
        let rolling = RollingShare.promo(org.months)
        let engagementChart = OrgDetailCharts.engagementByMonth(org)
        let rollingChart = OrgDetailCharts.rollingPromo(org, thresholds: thresholds)
        let months: [TemplateValue] = org.months.enumerated().map { i, m in
            let mean = m.measuredPosts > 0 ? m.interactions.map { Double($0) / Double(m.measuredPosts) } : nil
            let rate: Double? = m.engagements.flatMap { e in m.impressions.flatMap { $0 > 0 ? Double(e) / Double($0) : nil } }
            return .record(["month": .text(m.month.description), "posts": count(m.posts), "promotional": count(m.promotional),
                            "rolling": .text(DisplayNumber.percent(rolling[i])), "measured": count(m.measuredPosts),
                            "interactions": count(m.interactions), "mean": .text(DisplayNumber.amount(mean)),
                            "rate": .text(DisplayNumber.rate(rate)), "thin": .flag(m.posts > 0 && m.posts < 5)])
        }
        page["engagementChart"] = .text(engagementChart ?? "")
        page["hasEngagementChart"] = .flag(engagementChart != nil)
        page["rollingChart"] = .text(rollingChart ?? "")
        page["hasRollingChart"] = .flag(rollingChart != nil)
        page["detailMonthRows"] = .list(months)
        page["hasDetailMonths"] = .flag(!months.isEmpty)

        // Against the sector.
        page["peerRows"] = .list(peers.map { row in
            let show: (Double) -> String = {
                switch row.measure {
                case .promoShare, .conversationShare: return DisplayNumber.percent($0)
                case .engagementRate: return DisplayNumber.rate($0)
                case .postingRate: return DisplayNumber.fixed($0, places: 2)
                }
            }
            return .record(["measure": .text(label(row.measure)), "value": .text(show(row.value)), "median": .text(show(row.median)),
                            "rank": count(row.rank), "compared": count(row.compared),
                            "percentile": .text(row.percentile.map { DisplayNumber.fixed($0, places: 0) } ?? DisplayNumber.unknown)])
        })
        page["hasPeerRows"] = .flag(!peers.isEmpty)
        page["peerSector"] = .text(org.sector.rawValue)

        // Weekday x hour.
        let postsMap = details.flatMap { OrgDetailCharts.heatMap($0, handle: org.handle, engagement: false) }
        let engagementMap = details.flatMap { OrgDetailCharts.heatMap($0, handle: org.handle, engagement: true) }
        page["hasDetails"] = .flag(details != nil)
        page["timeZone"] = .text(details?.timeZone ?? "UTC")
        page["hoursPostsChart"] = .text(postsMap ?? "")
        page["hasHoursPostsChart"] = .flag(postsMap != nil)
        page["hoursEngagementChart"] = .text(engagementMap ?? "")
        page["hasHoursEngagementChart"] = .flag(engagementMap != nil)
        page["hourHeader"] = .list((0..<24).map { .text(String($0)) })
        page["hourPostRows"] = .list(hourRows(details) { DisplayNumber.count($0.posts) })
        page["hourEngagementRows"] = .list(hourRows(details) { DisplayNumber.amount($0.medianInteractions) })

        // Terms.
        func terms(_ kind: OrgDetails.Kind) -> [TemplateValue] {
            (details?.terms(kind) ?? []).map {
                .record(["term": .text(HTMLEscaping.clean(kind == .hashtag ? "#" + $0.term : $0.term)), "posts": count($0.posts),
                         "median": .text(DisplayNumber.amount($0.medianInteractions))])
            }
        }
        let hashtags = terms(.hashtag), domains = terms(.domain)
        page["hashtagRows"] = .list(hashtags)
        page["hasHashtagRows"] = .flag(!hashtags.isEmpty)
        page["domainRows"] = .list(domains)
        page["hasDomainRows"] = .flag(!domains.isEmpty)
        page["termLimit"] = count(OrgDetails.termLimit)
        page["withLinkPosts"] = count(details?.withLink.posts)
        page["withLinkMedian"] = .text(DisplayNumber.amount(details?.withLink.medianInteractions))
        page["withoutLinkPosts"] = count(details?.withoutLink.posts)
        page["withoutLinkMedian"] = .text(DisplayNumber.amount(details?.withoutLink.medianInteractions))
        return page
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
