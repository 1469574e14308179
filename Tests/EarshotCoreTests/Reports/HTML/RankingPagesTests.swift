import XCTest
@testable import EarshotCore

/// Above `IndexPageModel.fullTableLimit` organizations the index lists the top of the ranking
/// and the full ranking has pages of its own.
final class RankingPagesTests: XCTestCase {
    /// `count` organizations; org `i` has promo share i / count (so the ranking is the reverse
    /// of the handles) and an engagement rate, every tenth without posts.
    private func organizations(_ count: Int) -> [OrgResult] {
        (0..<count).map { i in
            var m = OrganizationMetrics(handle: String(format: "org%05d", i), name: "", sector: .other, subsector: "", followers: 100)
            if i % 10 != 0 {
                m.posts = 20
                m.promoShare = Double(i) / Double(count)
                m.engagementRateFollowers = Double(i % 97 + 1) / 1000
            }
            var result = OrgResult(metrics: m, months: [], topPosts: [], promotionalExamples: [], topPartners: [])
            if m.posts > 0 {
                // Posts on twitter, and every third organization on mastodon too: the index then
                // has its platform section.
                // The first of month 1 + i % 12 of 2024 (2024-01-01 is day 19,723 since 1970).
                let firstOfMonth: [Int64] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
                let day = CalendarDay(daysSinceEpoch: 19_723 + firstOfMonth[i % 12])
                var twitter = OrgPlatform(platform: .twitter)
                twitter.posts = 20
                twitter.lastPost = day
                twitter.months = [PlatformMonth(month: day.month, posts: 20)]
                result.platforms = [twitter]
                if i % 3 == 0 {
                    var mastodon = twitter
                    mastodon.platform = .mastodon
                    result.platforms.append(mastodon)
                }
            }
            return result
        }
    }

    private func render(_ orgs: [OrgResult]) throws -> (index: String, ranking: [HTMLPage]) {
        let registry = Registry(orgs.map { Organization(handle: $0.handle, sector: .other) })
        let sectors = SectorAnalysis.analyze(orgs, registry: registry)
        let overview = HTMLFixtures.overview(posts: orgs.reduce(0) { $0 + $1.metrics.posts })
        let templates = try HTMLTemplates.load(folder: nil)
        let ranked = IndexPageModel.ranked(orgs)
        let index = try HTMLReport.indexPage(overview: overview, organizations: orgs, sectors: sectors, registry: registry,
                                             templates: templates, ranked: ranked)
        let pages = IndexPageModel.isPaged(organizations: orgs.count) ? RankingPageModel.pageCount(organizations: orgs.count) : 0
        let ranking = try (0..<pages).map { try HTMLReport.rankingPage(overview: overview, ranked: ranked, number: $0, templates: templates) }
        return (index.html, ranking)
    }

    private func rowHandles(_ html: String) -> [String] {
        html.components(separatedBy: "<a class=\"handle\" href=\"orgs/").dropFirst().map { String($0.prefix(8)) }
    }

    func testUpToTheLimitTheIndexListsEveryOrganizationAndNoRankingPages() throws {
        let (index, ranking) = try render(organizations(IndexPageModel.fullTableLimit))
        XCTAssertEqual(rowHandles(index).count, 1000)
        XCTAssertTrue(ranking.isEmpty)
        XCTAssertFalse(index.contains("organizations.html"))
    }

    func testAboveTheLimitTheIndexListsTheTopAndLinksTheRankedPages() throws {
        let (index, ranking) = try render(organizations(2501))
        // The top 100: org02499 first (promo share 2499/2501; org02500 has no posts).
        XCTAssertEqual(rowHandles(index).count, 100)
        XCTAssertEqual(rowHandles(index).first, "org02499")
        XCTAssertTrue(index.contains("The 100 most promotional of 2,501 organizations: <a href=\"organizations.html\">"))
        XCTAssertTrue(index.contains("(3 pages of 1,000)"))
        let scatter = try XCTUnwrap(index.range(of: "id=\"chart-scatter").map { String(index[$0.lowerBound...].prefix(while: { _ in true })) })
        let scatterSVG = String(scatter[..<(scatter.range(of: "</svg>")?.lowerBound ?? scatter.endIndex)])
        XCTAssertFalse(scatterSVG.contains("<a href=\"orgs/"), "merged scatter points carry no links")
        XCTAssertTrue(index.contains("Organizations on the same spot share one marker"))

        XCTAssertEqual(ranking.map(\.path), ["organizations.html", "organizations-2.html", "organizations-3.html"])
        let rows = ranking.map { rowHandles($0.html) }
        XCTAssertEqual(rows.map(\.count), [1000, 1000, 501])
        // Every organization once, in ranking order, those without posts last (by handle).
        let all = rows.flatMap { $0 }
        XCTAssertEqual(Set(all).count, 2501)
        XCTAssertEqual(all.first, "org02499")
        XCTAssertEqual(all[1], "org02498")
        // The 251 without posts (every tenth) last, by handle.
        XCTAssertEqual(all.suffix(251).first, "org00000")
        XCTAssertEqual(all.last, "org02500")
        XCTAssertTrue(ranking[1].html.contains("<h1>Organizations 1,001 to 2,000 of 2,501</h1>"))
        XCTAssertTrue(ranking[1].html.contains("<a href=\"organizations.html\" rel=\"prev\">"))
        XCTAssertTrue(ranking[1].html.contains("<a href=\"organizations-3.html\" rel=\"next\">"))
        XCTAssertFalse(ranking[2].html.contains("rel=\"next\""))
    }

    func testTheIndexAt50000OrganizationsStaysSmall() throws {
        let (index, _) = try render(organizations(50_000))
        XCTAssertLessThan(index.utf8.count, 2_000_000)
        // The platform section keeps its table by sector but not a row per organization.
        XCTAssertTrue(index.contains("<section id=\"platforms\">"))
        XCTAssertFalse(index.contains("Each organization's last post per platform (table)"))
        XCTAssertTrue(index.contains("With 50000 organizations, each one's last post per platform is on its own page"))
    }

    func testUpToTheLimitTheIndexListsEachOrganizationsLastPostPerPlatform() throws {
        let (index, _) = try render(organizations(1_000))
        XCTAssertTrue(index.contains("Each organization's last post per platform (table)"))
        // org00003 (promo share 3/1000) posts on both platforms, its last post 2024-04-01.
        XCTAssertTrue(index.contains("<tr><th scope=\"row\"><a href=\"orgs/org00003.html\">org00003</a></th><td>other</td><td>2024-04-01</td><td>2024-04-01</td></tr>"))
    }
}
