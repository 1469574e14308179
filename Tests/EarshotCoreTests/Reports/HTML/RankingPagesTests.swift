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
            return OrgResult(metrics: m, months: [], topPosts: [], promotionalExamples: [], topPartners: [])
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
    }
}
