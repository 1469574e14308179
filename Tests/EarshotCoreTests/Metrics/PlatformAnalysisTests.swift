import XCTest
@testable import EarshotCore

/// org_platforms.csv and sector_platform_months.csv from hand-made posts (values by hand).
final class PlatformAnalysisTests: XCTestCase {
    // 2024-01-15 12:00 UTC, and a day.
    let jan15: Int64 = 1_705_320_000
    let day: Int64 = 86_400

    func analyze(_ handle: String, _ posts: [Post], sector: Sector) -> OrgResult {
        OrgAnalysis.analyze(handle: handle, posts: posts, organization: Organization(handle: handle, sector: sector), lexicon: .builtin)
    }

    func testOneOrganizationOnTwoPlatforms() {
        let posts = [
            Post(org: "acme", id: "1", created: jan15, text: "plain words", format: .tweetsJS, likes: 2, reposts: 1),
            Post(org: "acme", id: "2", created: jan15 + 40 * day, text: "@bob sure", format: .tweetsJS, likes: 0,
                 marker: .reply(target: "bob")),
            Post(org: "acme", id: "1", created: jan15 + 300 * day, text: "plain words", format: .bluesky, expandedURLs: [],
                 mentions: [], hashtags: nil),
            Post(org: "acme", id: "3", created: jan15 + 301 * day, text: "", format: .bluesky, expandedURLs: [], mentions: [],
                 marker: .repost(target: "acme")),
        ]
        let result = analyze("acme", posts, sector: .nonprofit)
        XCTAssertEqual(result.platforms.map(\.platform), [.bluesky, .twitter])
        XCTAssertEqual(result.metrics.posts, 4, "the organization's own row counts every platform")
        XCTAssertEqual(PlatformAnalysis.orgPlatformsCSV([result]), """
        handle,platform,posts,originals,replies,threads,reposts,quotes,first_post,last_post,active_months,measured_posts,interactions_total,promo_share,conversation_share,information_share,community_share,action_share
        acme,bluesky,2,1,0,0,1,0,2024-11-10,2024-11-11,1,0,,0.5000,0.0000,1.0000,0.0000,0.0000
        acme,twitter,2,1,1,0,0,0,2024-01-15,2024-02-24,2,2,3,0.0000,0.5000,0.5000,0.5000,0.0000

        """)
        XCTAssertTrue(result.platforms[0].hasNoCounters)
        XCTAssertFalse(result.platforms[1].hasNoCounters)
    }

    func testSectorPlatformMonthsRunFromTheRunsFirstToLastMonth() {
        let a = analyze("a", [Post(org: "a", id: "1", created: jan15, text: "x", format: .legacyArchive),
                              Post(org: "a", id: "9", created: jan15 + 60 * day, text: "y", format: .mastodon)], sector: .public)
        let b = analyze("b", [Post(org: "b", id: "1", created: jan15 + 31 * day, text: "x", format: .mastodon),
                              Post(org: "b", id: "2", created: jan15 + 32 * day, text: "x", format: .mastodon)], sector: .public)
        let idle = analyze("c", [], sector: .other)
        let rows = PlatformAnalysis.sectorPlatformMonths([a, b, idle])
        // 4 sectors x 2 platforms x 3 months (2024-01 to 2024-03).
        XCTAssertEqual(rows.count, 24)
        let publicMastodon = rows.filter { $0.sector == .public && $0.platform == .mastodon }
            .map { "\($0.month) \($0.adopters) \($0.activeOrgs) \($0.posts)" }
        XCTAssertEqual(publicMastodon, ["2024-01 0 0 0", "2024-02 1 1 2", "2024-03 2 1 1"])
        let publicTwitter = rows.filter { $0.sector == .public && $0.platform == .twitter }.map { "\($0.adopters) \($0.activeOrgs) \($0.posts)" }
        XCTAssertEqual(publicTwitter, ["1 1 1", "1 0 0", "1 0 0"])
        XCTAssertTrue(rows.filter { $0.sector == .other }.allSatisfy { $0.adopters == 0 && $0.posts == 0 })
        XCTAssertEqual(PlatformAnalysis.sectorPlatformMonthsCSV(rows).split(separator: "\n").prefix(2),
                       ["sector,platform,month,adopters,active_orgs,posts", "commercial,mastodon,2024-01,0,0,0"])
        XCTAssertEqual(PlatformAnalysis.sectorPlatformMonths([idle]), [], "no posts: no months")
    }
}
