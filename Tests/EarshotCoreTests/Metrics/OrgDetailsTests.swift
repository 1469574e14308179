import Foundation
import XCTest
@testable import EarshotCore

/// Issue 15's numbers on a small fixture, computed by hand.
final class OrgDetailsTests: XCTestCase {
    // 2024-01-01 00:00 UTC, a Monday.
    let monday: Int64 = 1_704_067_200

    func features(_ kind: PostKind) -> PostFeatures {
        PostFeatures(kind: kind, target: nil, ica: .information, cta: false, ownLink: false, selfMention: false, recognition: false,
                     solicitation: false, orgAsk: false, standing: false, launch: false, selfRepost: false, promotional: false,
                     conversational: false, urlCount: 0, knownURLCount: 0, partners: [])
    }

    /// p1 Mon 09:15, 3 interactions, #News #news and a link to www.example.org; p2 Mon 09:45,
    /// 10 interactions, #news and a t.co link; p3 Sun 23:30, no counters, no link; p4 a repost
    /// Tue 10:00 with 100 likes (counted in posts, not in medians or terms).
    func fixture(_ organization: Organization?) -> OrgDetails {
        var a = OrgDetails.Accumulator(handle: "acme", organization: organization)
        a.add(Post(org: "acme", id: "1", created: monday + 9 * 3600 + 900, text: "Hello #News #news https://www.example.org/a",
                   format: .legacyArchive, likes: 2, replies: 1), features(.original))
        a.add(Post(org: "acme", id: "2", created: monday + 9 * 3600 + 2700, text: "#news again http://t.co/x",
                   format: .legacyArchive, likes: 10), features(.original))
        a.add(Post(org: "acme", id: "3", created: monday + 6 * 86_400 + 23 * 3600 + 1800, text: "plain", format: .legacyArchive),
              features(.original))
        a.add(Post(org: "acme", id: "4", created: monday + 86_400 + 10 * 3600, text: "RT @x: #other https://other.example",
                   format: .legacyArchive, likes: 100), features(.repost))
        return a.finish(listed: ["1", "4"])
    }

    func testHourCellsInUTC() {
        let d = fixture(nil)
        XCTAssertEqual(d.timeZone, "UTC")
        XCTAssertEqual(d.hours, [
            .init(weekday: 1, hour: 9, posts: 2, medianInteractions: 6.5),   // median of 3 and 10
            .init(weekday: 2, hour: 10, posts: 1, medianInteractions: nil),  // a repost: no median
            .init(weekday: 7, hour: 23, posts: 1, medianInteractions: nil),  // no counters
        ])
    }

    func testHourCellsInTheRegistryZone() {
        // New York is UTC-5 in January: Mon 09:15 -> 04:15, Tue 10:00 -> 05:00, Sun 23:30 -> 18:30.
        let d = fixture(Organization(handle: "acme", sector: .public, timezone: "America/New_York"))
        XCTAssertEqual(d.timeZone, "America/New_York")
        XCTAssertEqual(d.hours.map { [$0.weekday, $0.hour, $0.posts] }, [[1, 4, 2], [2, 5, 1], [7, 18, 1]])
    }

    func testTermsAndLinkTypes() {
        let d = fixture(nil)
        // #News and #news are one term, once per post; t.co is a shortener; the repost's are not its own.
        XCTAssertEqual(d.terms, [
            .init(kind: .hashtag, term: "news", posts: 2, medianInteractions: 6.5),
            .init(kind: .domain, term: "example.org", posts: 1, medianInteractions: 3),
        ])
        XCTAssertEqual(d.withLink, .init(posts: 2, medianInteractions: 6.5))
        XCTAssertEqual(d.withoutLink, .init(posts: 1, medianInteractions: nil))
        // Only the listed posts keep their links.
        XCTAssertEqual(d.postLinks, ["1": "https://x.com/acme/status/1", "4": "https://x.com/acme/status/4"])
    }

    func testTermsSortByPostsThenTermAndAreCapped() {
        var a = OrgDetails.Accumulator(handle: "acme", organization: nil)
        // 25 hashtags in one post, "zz" in a second: zz first (2 posts), then the rest by code points.
        let tags = (0..<25).map { String(format: "t%02d", $0) }
        a.add(Post(org: "acme", id: "1", created: monday, text: tags.map { "#" + $0 }.joined(separator: " ") + " #zz",
                   format: .legacyArchive), features(.original))
        a.add(Post(org: "acme", id: "2", created: monday, text: "#zz", format: .legacyArchive), features(.original))
        let terms = a.finish(listed: []).terms(.hashtag)
        XCTAssertEqual(terms.count, OrgDetails.termLimit)
        XCTAssertEqual(terms.map(\.term), ["zz"] + tags.prefix(19))
        XCTAssertNil(terms[0].medianInteractions)
    }

    func testCSVRows() throws {
        let store = OrgDetailsStore()
        store.set("acme", fixture(nil))
        let result = OrgResult(metrics: OrganizationMetrics(handle: "acme", name: "", sector: .public, subsector: "", followers: nil),
                               months: [], topPosts: [], promotionalExamples: [], topPartners: [])
        var hours = "", terms = ""
        OrgDetailsCSV.writeHours([result], store) { hours += $0 }
        OrgDetailsCSV.writeTerms([result], store) { terms += $0 }
        XCTAssertEqual(hours, "org,weekday,hour,posts,median_interactions\nacme,1,9,2,6.5000\nacme,2,10,1,\nacme,7,23,1,\n")
        XCTAssertEqual(terms, "org,kind,term,posts,median_interactions\nacme,hashtag,news,2,6.5000\nacme,domain,example.org,1,3.0000\n")
    }

    /// Hashtag names are lowered byte by byte when ASCII and by `lowercased()` otherwise: both
    /// give what `String.lowercased()` gives.
    func testHashtagNamesLoweredOnBothPaths() {
        func lowered(_ s: String) -> String {
            Array(s.unicodeScalars).withUnsafeBufferPointer { OrgDetails.Accumulator.lowercased($0) }
        }
        XCTAssertEqual(lowered("NeWs_2024"), "news_2024")
        XCTAssertEqual(lowered("ÉTÉ"), "été")
        XCTAssertEqual(lowered("Straße"), "straße")
    }

    /// Terms from the text: `#Été` and `#été` are one term, `#ETE` another; a tag inside a URL
    /// counts as in the spec's hashtag rule (`#` not after a word character); the analyzer's
    /// path (scalars and URLs handed in) gives the same details as the plain one.
    func testTermsFromTextOnBothPaths() {
        let posts = [
            Post(org: "acme", id: "1", created: monday, text: "#Été #été #ETE https://Example.org/p#frag", format: .legacyArchive, likes: 4),
            Post(org: "acme", id: "2", created: monday + 60, text: "#ete http://t.co/x www.example.org", format: .legacyArchive, likes: 2),
        ]
        var plain = OrgDetails.Accumulator(handle: "acme", organization: nil)
        var handed = OrgDetails.Accumulator(handle: "acme", organization: nil)
        for post in posts {
            plain.add(post, features(.original))
            let scalars = Array(post.text.unicodeScalars)
            handed.add(post, features(.original), textScalars: scalars, urls: TextScanner.urls(in: post.text))
        }
        let d = plain.finish(listed: ["2"])
        XCTAssertEqual(d, handed.finish(listed: ["2"]))
        // `#frag` follows `/p`, a word character: not a tag. Medians: été and ETE only in post 1
        // (4), ete in both (lower-cased ETE and ete: 4 and 2 -> 3).
        XCTAssertEqual(d.terms, [
            .init(kind: .hashtag, term: "ete", posts: 2, medianInteractions: 3),
            .init(kind: .hashtag, term: "été", posts: 1, medianInteractions: 4),
            .init(kind: .domain, term: "example.org", posts: 2, medianInteractions: 3),
        ])
        XCTAssertEqual(d.postLinks, ["2": "https://x.com/acme/status/2"])
    }

    /// The link of a listed id is that of the first post added with that id that has one: a
    /// Mastodon post without a registry account has none, the Twitter post with the same id does.
    func testListedLinkComesFromTheFirstPostWithOne() {
        var a = OrgDetails.Accumulator(handle: "acme", organization: nil)
        a.add(Post(org: "acme", id: "7", created: monday, text: "", format: .legacyArchive, platform: .mastodon), features(.original))
        a.add(Post(org: "acme", id: "7", created: monday + 1, text: "", format: .legacyArchive), features(.original))
        a.add(Post(org: "acme", id: "8", created: monday + 2, text: "", format: .legacyArchive), features(.original))
        XCTAssertEqual(a.finish(listed: ["7"]).postLinks, ["7": "https://x.com/acme/status/7"])
        XCTAssertEqual(a.finish(listed: []).postLinks, [:])
        XCTAssertEqual(a.finish(listed: ["7", "8", "9"]).postLinks.count, 2)
    }

    func testPostLinksAreBuiltFromCheckedParts() {
        let org = Organization(handle: "acme", sector: .public, accounts: ["acme@social.example", "did:plc:abc123"])
        func link(_ id: String, _ platform: Platform, _ o: Organization? = nil) -> String? {
            PostLink.url(Post(org: "acme", id: id, created: 0, text: "", format: .legacyArchive, platform: platform), handle: "acme", organization: o)
        }
        XCTAssertEqual(link("123", .twitter), "https://x.com/acme/status/123")
        XCTAssertNil(link("12a", .twitter))
        XCTAssertEqual(link("5", .mastodon, org), "https://social.example/@acme/5")
        XCTAssertNil(link("5", .mastodon))
        XCTAssertEqual(link("3kxyz2abc", .bluesky, org), "https://bsky.app/profile/did:plc:abc123/post/3kxyz2abc")
        XCTAssertNil(link("a/b", .bluesky, org))
        XCTAssertNil(link("1", .facebook, org))
    }

    func testRankAndPercentile() {
        func metrics(_ handle: String, _ sector: Sector, promo: Double) -> OrganizationMetrics {
            var m = OrganizationMetrics(handle: handle, name: "", sector: sector, subsector: "", followers: nil)
            m.posts = 10
            m.promoShare = promo
            return m
        }
        let all = [metrics("a", .public, promo: 0.1), metrics("b", .public, promo: 0.3), metrics("c", .public, promo: 0.3),
                   metrics("d", .public, promo: 0.5), metrics("e", .commercial, promo: 0.9)]
        let peers = PeerComparison(all)
        // b: 1 below, 2 equal (itself included), 4 compared: rank 2 (shared with c), 100 x (1 + 1) / 4 = 50.
        XCTAssertEqual(peers.rows(all[1]), [.init(measure: .promoShare, value: 0.3, median: 0.3, rank: 2, percentile: 50, compared: 4)])
        XCTAssertEqual(peers.rows(all[2]).first?.rank, 2)
        XCTAssertEqual(peers.rows(all[3]).first?.percentile, 87.5)   // (3 + 0.5) / 4
        XCTAssertEqual(peers.rows(all[3]).first?.rank, 1)
        XCTAssertEqual(peers.rows(all[0]).first?.rank, 4)
        XCTAssertEqual(peers.rows(all[0]).first?.percentile, 12.5)
        // Alone in its sector: rank 1 of 1, no percentile.
        XCTAssertEqual(peers.rows(all[4]), [.init(measure: .promoShare, value: 0.9, median: 0.9, rank: 1, percentile: nil, compared: 1)])
    }

    func testRollingShare() {
        func month(_ m: Int, posts: Int, promotional: Int) -> OrgMonth {
            var month = OrgMonth(month: CalendarMonth(year: 2024, month: m))
            month.posts = posts
            month.promotional = promotional
            return month
        }
        let months = [month(1, posts: 2, promotional: 2), month(2, posts: 0, promotional: 0),
                      month(3, posts: 4, promotional: 1), month(4, posts: 1, promotional: 0)]
        // 2/2; (2+0)/(2+0); (2+0+1)/(2+0+4); (0+1+0)/(0+4+1).
        XCTAssertEqual(RollingShare.promo(months), [1.0, 1.0, 0.5, 0.2])
        XCTAssertEqual(RollingShare.promo([month(1, posts: 0, promotional: 0)]), [nil])
    }

    func testAdoptionAxisEndsAfterTheLastAdoption() {
        // Adopters change at months 0 and 3 of 40: the axis shows 3 + 1 + max(3, 4 / 4) = 7 months.
        let series = AdoptionChart.Series(sector: .public, registered: 2, shares: [], adopters: [1, 1, 1, 2] + Array(repeating: 2, count: 36))
        XCTAssertEqual(AdoptionChart.axisEnd(months: 40, series: [series]), 7)
        XCTAssertEqual(AdoptionChart.axisEnd(months: 5, series: [series]), 5)
    }
}
