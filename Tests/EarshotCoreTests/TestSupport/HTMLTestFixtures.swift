import Foundation
@testable import EarshotCore

/// Organizations, posts and a run overview for the HTML report tests, built by running the real
/// metrics (`OrgAnalysis`, `SectorAnalysis`) on hand-made posts.
enum HTMLFixtures {
    static let start = instantOf("2019-01-01T00:00:00Z")

    static func instantOf(_ text: String) -> Int64 {
        guard let seconds = Timestamp.parse(text) else { preconditionFailure("bad test timestamp \(text)") }
        return seconds
    }

    /// A post with what the test sets; counters default to unknown.
    static func makePost(_ org: String, _ id: String, _ text: String, at created: Int64, urls: [String]? = nil,
                         likes: Int? = nil, reposts: Int? = nil, impressions: Int? = nil, engagements: Int? = nil,
                         marker: StructuralMarker? = nil) -> Post {
        Post(org: org, id: id, created: created, text: text, format: .twarc2, expandedURLs: urls,
             likes: likes, reposts: reposts, impressions: impressions, engagements: engagements, marker: marker)
    }

    /// A small deterministic generator (the same posts on every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, bound)))
        }
    }

    /// `count` posts of `org` over `months` months from 2019-01, mixing every class and reason.
    static func posts(org: String, domain: String, count: Int, months: Int, promoWeight: Int, seed: UInt64,
                      withCounters: Bool = true, shortLinks: Bool = false) -> [Post] {
        var random = Generator(state: seed)
        let partners = ["unicef", "who", "localnews", "volunteerhub", "cityhall"]
        var out: [Post] = []
        out.reserveCapacity(count)
        let span = Int64(months) * 30 * 86_400
        for i in 0..<count {
            let created = start + (span * Int64(i)) / Int64(max(1, count)) + Int64(random.next(3600))
            let partner = partners[random.next(partners.count)]
            let link = shortLinks ? "https://bit.ly/\(i)" : "https://\(domain)/news/\(i)"
            let roll = random.next(100)
            let text: String
            var urls: [String]? = nil
            var marker: StructuralMarker? = nil
            if roll < promoWeight / 2 {
                text = "Please donate today to support our work \(link)"
                urls = [link]
            } else if roll < promoWeight {
                text = "Our new annual report is out: \(link)"
                urls = [link]
            } else if roll < promoWeight + 15 {
                text = "@\(partner) thanks for the great collaboration!"
                marker = .reply(target: partner)
            } else if roll < promoWeight + 25 {
                text = "RT @\(partner): Important update on water quality"
                marker = .repost(target: partner)
            } else {
                text = "Water quality data for the region, week \(i % 52)"
            }
            let likes = withCounters ? random.next(40) : nil
            out.append(makePost(org, "\(seed)\(i)", text, at: created, urls: urls, likes: likes,
                                reposts: withCounters ? random.next(8) : nil, marker: marker))
        }
        return out
    }

    struct Run {
        var organizations: [OrgResult]
        var sectors: SectorResult
        var registry: Registry
        var overview: ReportOverview
        /// Each organization's weekday x hour cells, terms and post links (issue 15).
        var details = OrgDetailsStore()
    }

    static func overview(posts: Int, thresholds: MetricThresholds = MetricThresholds()) -> ReportOverview {
        ReportOverview(inputs: ["SampleData/exports", "extra/archive \"2020\".zip"], files: 14, skippedFiles: 1,
                       records: posts + 12, posts: posts, duplicates: 9, rejects: 3, warnings: 2, lexicon: .builtin,
                       thresholds: thresholds, maxRejectRate: 0.05, generatedAt: "2026-11-27T04:35:00Z", version: "0.1.0",
                       fileSummaries: [ReportFileSummary(path: "exports/a.csv", format: "twarc2", org: "cityofoslo", records: 10,
                                                         posts: 9, duplicates: 1, rejects: 0, warnings: 0)])
    }

    /// Twelve organizations in every sector, one registered without posts, two unregistered; a
    /// hostile name and a hostile unregistered handle among them.
    static func run(hostile: Bool = true) -> Run {
        var orgs: [(Organization?, String, [Post])] = []
        func registered(_ handle: String, _ name: String, _ sector: Sector, followers: Int?, count: Int, months: Int,
                        promo: Int, firstMonth: Int, seed: UInt64, shortLinks: Bool = false) {
            let domain = handle + ".org"
            let organization = Organization(handle: handle, name: name, sector: sector, subsector: "general",
                                            country: "NO", domains: [domain], followers: followers)
            let shift = Int64(firstMonth) * 30 * 86_400
            let posts = HTMLFixtures.posts(org: handle, domain: domain, count: count, months: months, promoWeight: promo,
                                           seed: seed, shortLinks: shortLinks).map { p -> Post in
                var q = p
                q.created += shift
                return q
            }
            orgs.append((organization, handle, posts))
        }
        registered("cityofoslo", "City of Oslo", .public, followers: 52_000, count: 120, months: 30, promo: 18, firstMonth: 0, seed: 1)
        registered("nhs", "National Health Service", .public, followers: 900_000, count: 300, months: 36, promo: 10, firstMonth: 2, seed: 2)
        registered("stateparks", "State Parks", .public, followers: 8_000, count: 60, months: 20, promo: 40, firstMonth: 9, seed: 3)
        registered("redcross", "American Red Cross", .nonprofit, followers: 1_200_000, count: 400, months: 36, promo: 35, firstMonth: 0, seed: 4)
        registered("foodbank", hostile ? "Food <script>alert(1)</script> Bank & \"Friends\"" : "Food Bank", .nonprofit,
                   followers: 3_400, count: 80, months: 24, promo: 55, firstMonth: 5, seed: 5, shortLinks: true)
        registered("oxfam", "Oxfam", .nonprofit, followers: 400_000, count: 200, months: 30, promo: 25, firstMonth: 3, seed: 6)
        registered("acme", "Acme Corp", .commercial, followers: 15_000, count: 150, months: 28, promo: 70, firstMonth: 1, seed: 7)
        registered("bikeshop", "Bike Shop", .commercial, followers: nil, count: 40, months: 12, promo: 50, firstMonth: 14, seed: 8)
        registered("library", "Public Library", .other, followers: 2_500, count: 90, months: 26, promo: 15, firstMonth: 6, seed: 9)
        orgs.append((Organization(handle: "quietorg", name: "Quiet Org", sector: .public, followers: 120), "quietorg", []))
        let unregisteredHandle = hostile ? "\"onmouseover=alert(1)" : "fanclub"
        orgs.append((nil, unregisteredHandle, posts(org: unregisteredHandle, domain: "fan.example", count: 30, months: 10,
                                                   promoWeight: 20, seed: 10)))
        // Hostile post texts, and the counters of an analytics export (impressions, no followers).
        var hostilePosts = posts(org: "blogger", domain: "blog.example", count: 25, months: 8, promoWeight: 30, seed: 11)
        hostilePosts.append(makePost("blogger", "h1", "<script>alert(1)</script> \"onmouseover=alert(2) https://blog.example/a?b=1&amp;c=\"2\"",
                                     at: start + 100 * 86_400, urls: ["https://blog.example/a?b=1&amp;c=\"2\""], likes: 999))
        for i in hostilePosts.indices {
            hostilePosts[i].impressions = 1000 + i
            hostilePosts[i].engagements = 10 + i
        }
        orgs.append((nil, "blogger", hostilePosts))

        let registry = Registry(orgs.compactMap(\.0))
        let details = OrgDetailsStore()
        let results = orgs.map { org -> OrgResult in
            let analysed = OrgDetails.analyze(handle: org.1, posts: org.2, organization: org.0, lexicon: .builtin)
            if analysed.result.metrics.posts > 0 { details.set(analysed.result.handle, analysed.details) }
            return analysed.result
        }.sorted { Handle.precedes($0.handle, $1.handle) }
        let sectors = SectorAnalysis.analyze(results, registry: registry)
        let total = results.reduce(0) { $0 + $1.metrics.posts }
        return Run(organizations: results, sectors: sectors, registry: registry, overview: overview(posts: total), details: details)
    }
}
