import XCTest
@testable import EarshotCore

/// Fixtures shared with the sector tests; every expected value below is computed by hand.
enum OrgFixtures {
    static let redCrossPosts: [Post] = [
        // Out of order on purpose: the analysis sorts by time.
        post("7", "Read this", at: "2020-03-05T18:00:00Z", urls: ["https://twitter.com/who/status/99"],
             likes: 7, impressions: 100, engagements: 10),
        post("1", "Our annual report is out https://t.co/r", at: "2020-01-05T09:00:00Z",
             likes: 10, reposts: 2, replies: 1, quotes: 0),
        post("2", "Please donate https://t.co/a", at: "2020-01-20T09:00:00Z", urls: ["https://redcross.org/give"], likes: 4),
        post("3", "@bob thanks!", at: "2020-03-02T09:00:00Z", marker: .reply(target: "bob")),
        post("4", "RT @unicef: Help kids", at: "2020-03-03T09:00:00Z", likes: 500, reposts: 100),
        post("5", "RT @redcross: Donate today", at: "2020-03-04T09:00:00Z", likes: 50),
        post("6", "@redcross 2/2 details", at: "2020-03-05T23:59:59Z", likes: 0, reposts: 0, marker: .reply(target: "redcross")),
    ]

    static let localClubPosts: [Post] = [
        post("a1", "Hello world", org: "localclub", at: "2021-06-01T08:00:00Z", format: .analytics, impressions: 10, followers: 50),
        post("a2", "Second post", org: "localclub", at: "2021-06-01T20:00:00Z", format: .analytics,
             likes: 3, impressions: 0, engagements: 0, followers: 70),
    ]

    static let unicefPosts: [Post] = [
        post("u1", "Thanks to our donors", org: "unicefusa", at: "2020-02-10T00:00:00Z", likes: 1),
        post("u2", "New data on child health", org: "unicefusa", at: "2020-04-01T00:00:00Z", likes: 3),
    ]

    static let quiet = Organization(handle: "quietorg", name: "Quiet, \"Org\"", sector: .public, followers: 5)
    static let unicef = Organization(handle: "unicefusa", name: "UNICEF USA", sector: .nonprofit)
    static let acme = Organization(handle: "acme", name: "Acme", sector: .commercial)
    static let registry = Registry([redCross, quiet, unicef, acme])

    static func analyze(_ handle: String, _ posts: [Post], _ organization: Organization?) -> OrgResult {
        OrgAnalysis.analyze(handle: handle, posts: posts, organization: organization, lexicon: .builtin)
    }

    static var all: [OrgResult] {
        [analyze("redcross", redCrossPosts, redCross), analyze("localclub", localClubPosts, nil),
         analyze("quietorg", [], quiet), analyze("unicefusa", unicefPosts, unicef), analyze("acme", [], acme)]
    }
}

final class OrgAnalysisTests: XCTestCase {
    func testRegisteredOrganizationRow() {
        let result = OrgFixtures.analyze("redcross", OrgFixtures.redCrossPosts, redCross)
        XCTAssertEqual(result.metrics.fields, [
            "redcross", "American Red Cross", "nonprofit", "humanitarian",
            "7", "2", "1", "1", "2", "1",                      // posts, originals, replies, threads, reposts, quotes
            "2020-01-05", "2020-03-05", "2", "0.8033",          // 7 posts / (61 days / 7)
            "4", "24", "6.0000", "5.5000", "13",                // measured [0, 4, 7, 13]; repost 4 excluded
            "100", "0.1000", "1000", "0.0060",
            "2", "1", "1", "0", "1",                            // promotional (2 and self-repost 5), cta, own link, self mention, self reposts
            "0.6667", "0.2857", "0.4286", "3",                  // link coverage 2/3; partners bob, unicef, who
            "0.2857", "0.4286", "0.2857",                       // information 1, 6; community 3, 4, 7; action 2, 5
            "0.5714", "promotional", "conversational",          // median 4 / median [0, 7, 13]
            "unreliable", "unreliable", "few_posts",            // 7 posts < 30; domains known, coverage 2/3
        ])
        XCTAssertEqual(OrganizationMetrics.columns.count, 41, "the spec's 38 and three caveats")
        XCTAssertEqual(result.metrics.fields.count, 41)
    }

    func testMonthsIncludeEmptyOnes() {
        let months = OrgFixtures.analyze("redcross", OrgFixtures.redCrossPosts, redCross).months
        XCTAssertEqual(months.map { $0.fields(handle: "redcross") }, [
            ["redcross", "2020-01", "2", "2", "1", "0", "2", "17", "", ""],
            ["redcross", "2020-02", "0", "0", "0", "0", "0", "", "", ""],
            ["redcross", "2020-03", "5", "3", "1", "3", "2", "7", "100", "10"],
        ])
        XCTAssertEqual(months[2].information, 1)
        XCTAssertEqual(months[2].community, 3)
        XCTAssertEqual(months[2].action, 1)
        XCTAssertEqual(months[0].promoShare, 0.5)
        XCTAssertNil(months[1].promoShare)
    }

    func testUnregisteredOrganizationWithUnknownCountersAndASingleDay() {
        let result = OrgFixtures.analyze("localclub", OrgFixtures.localClubPosts, nil)
        XCTAssertEqual(result.metrics.fields, [
            "localclub", "", "unregistered", "",
            "2", "2", "0", "0", "0", "0",
            "2021-06-01", "2021-06-01", "1", "2.0000",          // a single day counts as one week
            "1", "3", "3.0000", "3.0000", "3",                  // a1 has no interaction counter at all
            "10", "", "70", "0.0429",                           // impressions 0 do not make a rate; followers from the exports
            "0", "0", "0", "0", "0",
            "", "0.0000", "0.0000", "0",
            "1.0000", "0.0000", "0.0000",
            "", "balanced", "broadcast",
            "unreliable", "unreliable", "few_posts",            // 2 posts; no links, so no domain caveat
        ])
        XCTAssertEqual(result.months.map { $0.fields(handle: "localclub") },
                       [["localclub", "2021-06", "2", "2", "0", "0", "1", "3", "10", "0"]])
    }

    func testRegistryOrganizationWithoutPosts() {
        let result = OrgFixtures.analyze("quietorg", [], OrgFixtures.quiet)
        XCTAssertEqual(result.metrics.fields, [
            "quietorg", "Quiet, \"Org\"", "public", "", "0", "0", "0", "0", "0", "0", "", "", "0", "", "0",
            "", "", "", "", "", "", "5", "", "0", "0", "0", "0", "0", "", "", "", "0", "", "", "", "", "", "",
            "", "", "",                                          // no posts: no verdicts, no caveats
        ])
        XCTAssertTrue(result.months.isEmpty)
    }

    func testRepostCountersAreNotEngagement() {
        let posts = [
            post("1", "RT @unicef: big news", likes: 900, reposts: 90, impressions: 5000, engagements: 500),
            post("2", "ours", likes: 1),
        ]
        let m = OrgFixtures.analyze("redcross", posts, redCross).metrics
        XCTAssertEqual(m.measuredPosts, 1)
        XCTAssertEqual(m.interactionsTotal, 1)
        XCTAssertNil(m.impressionsTotal)
        XCTAssertNil(m.engagementRateImpressions)
    }

    func testFollowersZeroOrUnknownLeaveTheRateEmpty() {
        var zero = redCross
        zero.followers = 0
        XCTAssertNil(OrgFixtures.analyze("redcross", [post("1", "x", likes: 5)], zero).metrics.engagementRateFollowers)
        var unknown = redCross
        unknown.followers = nil
        let m = OrgFixtures.analyze("redcross", [post("1", "x", likes: 5)], unknown).metrics
        XCTAssertNil(m.followers)
        XCTAssertNil(m.engagementRateFollowers)
    }

    func testPromoEngagementRatioEmptyWhenOtherMedianIsZero() {
        let posts = [post("1", "Please donate", likes: 8), post("2", "facts", likes: 0)]
        XCTAssertNil(OrgFixtures.analyze("redcross", posts, redCross).metrics.promoEngagementRatio)
    }

    func testVerdictThresholdsAreInclusiveAndConfigurable() {
        // 1 promotional post in 5: exactly 0.20 is balanced.
        var posts = (1...4).map { post("\($0)", "fact \($0)") }
        posts.append(post("5", "Please donate"))
        XCTAssertEqual(OrgFixtures.analyze("redcross", posts, redCross).metrics.promoVerdict, .balanced)
        let strict = OrgAnalysis.analyze(handle: "redcross", posts: posts, organization: redCross, lexicon: .builtin,
                                         thresholds: MetricThresholds(promotional: 0.1, relentless: 0.15))
        XCTAssertEqual(strict.metrics.promoVerdict, .relentless)
        // 1 conversational post in 10 is mixed; none is broadcast.
        var talk = (1...9).map { post("\($0)", "fact \($0)") }
        talk.append(post("10", "@bob hi", marker: .reply(target: "bob")))
        XCTAssertEqual(OrgFixtures.analyze("redcross", talk, redCross).metrics.dialogueVerdict, .mixed)
    }

    func testDetailListsForTheReport() {
        var seen: [String] = []
        let result = OrgAnalysis.analyze(handle: "redcross", posts: OrgFixtures.redCrossPosts, organization: redCross,
                                         lexicon: .builtin) { post, _ in seen.append(post.id) }
        XCTAssertEqual(seen, ["1", "2", "3", "4", "5", "7", "6"])  // 7 at 18:00, 6 at 23:59
        XCTAssertEqual(result.topPosts.map(\.id), ["1", "7", "2", "6"])
        XCTAssertEqual(result.topPosts.first?.interactions, 13)
        XCTAssertEqual(result.promotionalExamples.map(\.id), ["5", "2"])
        // Post 2, "Please donate" with a link to redcross.org: an organization ask (the own link
        // alone would not count under version 2).
        XCTAssertEqual(result.promotionalExamples.map(\.reasons), [[.selfRepost], [PromotionReason(.orgAsk, "donate")]])
        // Version 1 gave the parts of its own rule.
        let v1 = OrgAnalysis.analyze(handle: "redcross", posts: OrgFixtures.redCrossPosts, organization: redCross,
                                     lexicon: MetricsFixtures.builtinV1)
        XCTAssertEqual(v1.promotionalExamples.map(\.reasons), [[.selfRepost], [.cta, .ownLink]])
        XCTAssertEqual(result.topPartners, [PartnerCount(handle: "bob", posts: 1), PartnerCount(handle: "unicef", posts: 1),
                                            PartnerCount(handle: "who", posts: 1)])
    }

    /// The ten newest promotional posts, newest first, whatever their number (the list is kept
    /// as a ring while the posts go by).
    func testPromotionalExamplesAreTheTenNewest() {
        for count in [1, 9, 10, 11, 23] {
            var posts: [Post] = []
            for i in 1...count {
                let minute = String(format: "%02d", i)
                posts.append(post("p\(i)", "Please donate \(i)", at: "2020-03-10T12:\(minute):00Z"))
                posts.append(post("f\(i)", "fact \(i)", at: "2020-03-10T12:\(minute):30Z"))
            }
            let result = OrgFixtures.analyze("redcross", posts.reversed(), redCross)
            let expected = (max(1, count - 9)...count).reversed().map { "p\($0)" }
            XCTAssertEqual(result.promotionalExamples.map(\.id), expected, "\(count) promotional posts")
            XCTAssertEqual(Set(result.promotionalExamples.map(\.reasons)), [[PromotionReason(.orgAsk, "donate")]])
        }
    }

    func testInputOrderDoesNotMatter() {
        let forward = OrgFixtures.analyze("redcross", OrgFixtures.redCrossPosts, redCross)
        let backward = OrgFixtures.analyze("redcross", OrgFixtures.redCrossPosts.reversed(), redCross)
        XCTAssertEqual(forward.metrics, backward.metrics)
        XCTAssertEqual(forward.months, backward.months)
        XCTAssertEqual(forward.topPosts, backward.topPosts)
    }
}
