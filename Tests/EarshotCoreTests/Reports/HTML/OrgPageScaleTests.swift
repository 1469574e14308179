import Foundation
import XCTest
@testable import EarshotCore

/// The organization page at scale (issue 15, HTML time and memory): its shape does not follow
/// its months or terms (so one stamp serves every page), the stamps a template keeps are capped,
/// an organization with few posts has tables and no charts (its hours a short table),
/// and the month tables leave out months with nothing to show. Expectations by hand.
final class OrgPageScaleTests: XCTestCase {
    typealias F = HTMLFixtures

    /// Posts of `org` at the given instants (UTC), 3 likes each, not promotional.
    func posts(_ org: String, _ instants: [String]) -> [Post] {
        instants.enumerated().map { i, at in
            F.makePost(org, "\(i + 1)", "Water quality data for the region, week \(i)", at: F.instantOf(at), likes: 3)
        }
    }

    func page(_ org: String, _ posts: [Post], minPosts: Int = 30) throws -> String {
        let analysed = OrgDetails.analyze(handle: org, posts: posts, organization: nil, lexicon: .builtin)
        let thresholds = MetricThresholds(minPosts: minPosts)
        let templates = try HTMLTemplates.load(folder: nil)
        return try HTMLReport.orgPage(analysed.result, organization: nil, overview: F.overview(posts: posts.count, thresholds: thresholds),
                                      reportHandles: [org], templates: templates, details: analysed.details).html
    }

    func testTheHourGridStartsAtMinPosts() {
        XCTAssertFalse(OrgDetailSection.drawsCharts(posts: 29, minPosts: 30))
        XCTAssertTrue(OrgDetailSection.drawsCharts(posts: 30, minPosts: 30))
        XCTAssertTrue(OrgDetailSection.drawsCharts(posts: 0, minPosts: 0))
    }

    /// 2024-01-01 is a Monday: two posts on Monday in the 09:00 hour, one on Wednesday at 14:00.
    func testFewPostsGiveTablesAndNoCharts() throws {
        let few = posts("tiny", ["2024-01-01T09:15:00Z", "2024-01-01T09:40:00Z", "2024-01-03T14:00:00Z"])
        let html = try page("tiny", few)
        XCTAssertFalse(html.contains("id=\"chart-hours-posts\""))
        XCTAssertFalse(html.contains("id=\"chart-hours-engagement\""))
        XCTAssertFalse(html.contains("<svg"))
        XCTAssertTrue(html.contains("With 3 posts (fewer than 30), charts per month would be mostly empty months"))
        XCTAssertTrue(html.contains("With 3 posts (fewer than 30), the engagement and the rolling promo share per month are in the table only."))
        XCTAssertEqual(html.components(separatedBy: "<details open>").count - 1, 2)
        XCTAssertTrue(html.contains("With 3 posts (fewer than 30), a grid of 7 weekdays by 24 hours would be mostly empty"))
        XCTAssertTrue(html.contains("<tr><th scope=\"row\">Monday</th><td>09:00</td><td class=\"num\">2</td><td class=\"num\">3</td></tr>\n"
                                    + "<tr><th scope=\"row\">Wednesday</th><td>14:00</td><td class=\"num\">1</td><td class=\"num\">3</td></tr>\n"),
                      html)
        // The same posts with the line at 3: the two grids and their 7 x 24 tables.
        let grid = try page("tiny", few, minPosts: 3)
        XCTAssertTrue(grid.contains("id=\"chart-hours-posts\""))
        XCTAssertTrue(grid.contains("id=\"chart-hours-engagement\""))
        XCTAssertFalse(grid.contains("Hours with posts"))
        XCTAssertEqual(svgFragments(grid).count, 6)
        XCTAssertFalse(grid.contains("<details open>"))
        // One tooltip per weekday with posts, none per cell.
        let postsMap = try XCTUnwrap(svgFragments(grid).first { $0.contains("id=\"chart-hours-posts\"") })
        XCTAssertEqual(postsMap.components(separatedBy: "<title>").count - 1, 2) // the chart's own is <title id=...>
        XCTAssertTrue(postsMap.contains("<title>Monday: 2 posts in 1 hours; highest 9:00 with 2 posts</title>"))
        XCTAssertTrue(postsMap.contains("<title>Wednesday: 1 posts in 1 hours; highest 14:00 with 1 posts</title>"))
    }

    /// Posts in January and June 2024: the organization spans 6 months. The monthly table lists
    /// January and June. The engagement table too, with 3 posts (no charts); with the charts
    /// (minPosts 3) also February and March, whose rolling 3-month windows hold January's posts
    /// (the chart's numbers), not April and May.
    func testMonthTablesLeaveOutMonthsWithNothingToShow() throws {
        let gappy = posts("gappy", ["2024-01-10T10:00:00Z", "2024-01-11T10:00:00Z", "2024-06-05T10:00:00Z"])
        func rowMonths(_ html: String) -> [String] {
            ParsedPage(html).all("th").filter { $0.attributes["scope"] == "row" }.map(\.text).filter { $0.hasPrefix("2024-") }
        }
        let few = try page("gappy", gappy)
        XCTAssertTrue(few.contains("<caption>Posts per month (2 months with posts of the 6 from the first post to the last; months without posts are left out)</caption>"))
        XCTAssertTrue(few.contains("2 of the 6 months from the first post to the last: months without posts are left out)"))
        XCTAssertEqual(rowMonths(few), ["2024-01", "2024-06", "2024-01", "2024-06"])
        let charted = try page("gappy", gappy, minPosts: 3)
        XCTAssertTrue(charted.contains("4 of the 6 months from the first post to the last: months without posts and without a rolling share are left out)"))
        XCTAssertEqual(rowMonths(charted), ["2024-01", "2024-02", "2024-03", "2024-06", "2024-01", "2024-06"])
    }

    /// The same organization on Twitter (January) and Mastodon (June): the platforms' months
    /// table (mastodon, then twitter) lists January and June; with 3 posts no platform charts.
    func testThePlatformMonthTableListsMonthsWithPosts() throws {
        var both = posts("gappy", ["2024-01-10T10:00:00Z", "2024-01-11T10:00:00Z", "2024-06-05T10:00:00Z"])
        both[2].platform = .mastodon
        let few = try page("gappy", both)
        XCTAssertTrue(few.contains("<details open>\n<summary>Posts per month by platform (table)</summary>"))
        XCTAssertTrue(few.contains("<caption>2 months with posts of the 6 from the first post to the last; months without posts are left out</caption>"))
        XCTAssertTrue(few.contains("<tr><th scope=\"row\">2024-01</th><td class=\"num\">0</td><td class=\"num\">2</td></tr>\n"
                                   + "<tr><th scope=\"row\">2024-06</th><td class=\"num\">1</td><td class=\"num\">0</td></tr>\n</tbody>"), few)
        XCTAssertFalse(few.contains("chart-platforms-by-month"))
        let charted = try page("gappy", both, minPosts: 3)
        XCTAssertTrue(charted.contains("id=\"chart-platforms-by-month\""))
        XCTAssertTrue(charted.contains("<details>\n<summary>Posts per month by platform (table)</summary>"))
    }

    /// Two organizations with different numbers of months, listed months, hashtags and hours
    /// (and the same flags): their pages have one shape, so the org template is stamped once
    /// and its stamp serves both.
    func testThePageShapeDoesNotFollowMonthsOrTerms() throws {
        var aPosts = posts("aaa", ["2024-01-10T10:00:00Z", "2024-06-11T10:00:00Z"])
        aPosts[0].text = "Water levels today #water"
        var bPosts = posts("bbb", ["2023-01-10T10:00:00Z", "2024-01-11T11:00:00Z", "2024-06-12T12:00:00Z"])
        bPosts[0].text = "Water levels today #water #river"
        bPosts[2].text = "River levels today #flood"
        let a = OrgDetails.analyze(handle: "aaa", posts: aPosts, organization: nil, lexicon: .builtin)
        let b = OrgDetails.analyze(handle: "bbb", posts: bPosts, organization: nil, lexicon: .builtin)
        let overview = F.overview(posts: 5)
        func shape(_ x: (result: OrgResult, details: OrgDetails)) -> [Int] {
            let model = OrgPageModel(org: x.result, organization: nil, overview: overview, reportHandles: [], details: x.details)
            var shape: [Int] = [], texts: [String] = []
            model.page.collect(shape: &shape, texts: &texts)
            return shape
        }
        XCTAssertEqual(a.result.months.count, 6)
        XCTAssertEqual(b.result.months.count, 18)
        XCTAssertEqual(a.details.terms(.hashtag).count, 1)
        XCTAssertEqual(b.details.terms(.hashtag).count, 3)
        XCTAssertEqual(shape(a), shape(b))
    }

    /// A template whose shape changes with every value: past `stampLimit` shapes the stamps are
    /// used once and not kept, and the output is still swift-mustache's.
    func testStampsKeptPerTemplateAreCapped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-cap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>\n".write(to: folder.appendingPathComponent("list.mustache"),
                                                                atomically: true, encoding: .utf8)
        let templates = try HTMLTemplates.load(folder: folder.path)
        XCTAssertTrue(templates.isStamped("list"))
        let count = TemplateStamper.stampLimit + 6
        let records: [TemplateRecord] = (1...count).map { n in ["items": .list((0..<n).map { .text("<\($0)>") })] }
        let stamped = try templates.renderRows("list", records, page: [:])
        let direct = try records.map { try XCTUnwrap(templates.library.render($0.mustacheObject, withTemplate: "list")) }.joined()
        XCTAssertEqual(stamped, direct)
        XCTAssertTrue(stamped.hasPrefix("<ul><li>&lt;0&gt;</li></ul>\n<ul><li>&lt;0&gt;</li><li>&lt;1&gt;</li></ul>\n"))
        XCTAssertEqual(templates.unkeptStamps["list"], 6)
        XCTAssertEqual(templates.directRenderings["list"], 0)
        // The same shapes again: the 64 kept are used, the 6 others made again and not kept.
        _ = try templates.renderRows("list", records, page: [:])
        XCTAssertEqual(templates.unkeptStamps["list"], 12)
    }

    /// A row template that looks up only the row's own fields is stamped once for pages of
    /// different shapes; one that looks up a page field once per page shape. Both render as
    /// swift-mustache does.
    func testRowsThatUseOnlyTheirOwnFieldsShareOneStampAcrossPages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("row-stamps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<tr><td>{{a}}</td>{{#flag}}<td>{{{b}}}</td>{{/flag}}</tr>\n".write(to: folder.appendingPathComponent("own.mustache"),
                                                                          atomically: true, encoding: .utf8)
        try "<tr><td>{{a}}</td><td>{{title}}</td></tr>\n".write(to: folder.appendingPathComponent("paged.mustache"),
                                                               atomically: true, encoding: .utf8)
        let templates = try HTMLTemplates.load(folder: folder.path)
        XCTAssertEqual(templates.stampsMade["own"], 0)
        let rows: [TemplateRecord] = [["a": .text("1 & 2"), "flag": .flag(true), "b": .text("<i>x</i>")],
                                      ["a": .text("3"), "flag": .flag(true), "b": .text("y")]]
        let pages: [TemplateRecord] = [["title": .text("P<1>"), "wide": .flag(true)], ["title": .text("P2"), "wide": .flag(false)],
                                       ["title": .text("P3"), "wide": .flag(false), "more": .flag(true)]]
        for page in pages {
            for name in ["own", "paged"] {
                let stamped = try templates.renderRows(name, rows, page: page)
                let direct = try rows.map {
                    try XCTUnwrap(templates.library.render(TemplateScope(inner: $0.mustacheObject, outer: page.mustacheObject),
                                                           withTemplate: name))
                }.joined()
                XCTAssertEqual(stamped, direct, name)
            }
        }
        XCTAssertEqual(try templates.renderRows("own", rows, page: pages[0]),
                       "<tr><td>1 &amp; 2</td><td><i>x</i></td></tr>\n<tr><td>3</td><td>y</td></tr>\n")
        XCTAssertEqual(templates.stampsMade["own"], 1)
        XCTAssertEqual(templates.stampsMade["paged"], 3)
        XCTAssertEqual(TemplateStamper.names("own", texts: ["own": "{{a}}{{#flag}}{{{b}}}{{/flag}}{{.}}{{c.d}}{{! note }}"]),
                       ["a", "flag", "b", "c"])
        XCTAssertNil(TemplateStamper.names("own", texts: ["own": "{{uppercased(a)}}"]))
    }

    /// The fixture report keeps every stamp it makes (no default template has more shapes than
    /// the limit there), and nothing is rendered value by value.
    func testTheDefaultTemplatesStayUnderTheLimit() throws {
        let run = F.run()
        let templates = try HTMLTemplates.load(folder: nil)
        let sorted = run.organizations
        let peers = PeerComparison(sorted.map(\.metrics))
        for org in sorted {
            _ = try HTMLReport.orgPage(org, organization: run.registry.organization(org.handle), overview: run.overview,
                                       reportHandles: Set(sorted.map(\.handle)), templates: templates,
                                       details: run.details[org.handle], peers: peers.rows(org.metrics))
        }
        XCTAssertEqual(templates.unkeptStamps.values.reduce(0, +), 0)
        XCTAssertEqual(templates.directRenderings.values.reduce(0, +), 0)
    }
}
