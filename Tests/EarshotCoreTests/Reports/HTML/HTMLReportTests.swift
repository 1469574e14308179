import Foundation
import XCTest
@testable import EarshotCore

final class HTMLReportTests: XCTestCase {
    func testEveryOrganizationHasARowAndAPage() throws {
        let run = HTMLFixtures.run()
        let pages = try renderPages(run)
        XCTAssertEqual(pages.count, run.organizations.count + 1)
        let index = ParsedPage(try XCTUnwrap(pages["index.html"]))
        let table = try XCTUnwrap(index.elements.first { $0.attributes["id"] == "organizations-table" })
        XCTAssertEqual(table.children, ["caption", "thead", "tbody"])
        let rowLinks = index.all("a").filter { $0.attributes["class"] == "handle" }
        XCTAssertEqual(rowLinks.count, run.organizations.count)
        for org in run.organizations {
            let path = HTMLReport.pagePath(for: org.handle)
            XCTAssertNotNil(pages[path], "no page for \(org.handle)")
            XCTAssertEqual(rowLinks.filter { $0.attributes["href"] == path }.count, 1, "no row for \(org.handle)")
            XCTAssertTrue(rowLinks.contains { $0.text == "@" + org.handle })
        }
    }

    func testOrganizationsAreSortedByPromoShareDescendingWithoutPostsLast() throws {
        let run = HTMLFixtures.run()
        let index = ParsedPage(try XCTUnwrap(try renderPages(run)["index.html"]))
        let shown = index.all("a").filter { $0.attributes["class"] == "handle" }.map { String($0.text.dropFirst()) }
        let expected = run.organizations.filter { $0.metrics.promoShare != nil }
            .sorted { ($0.metrics.promoShare ?? 0) > ($1.metrics.promoShare ?? 0) }.map(\.handle) + ["quietorg"]
        XCTAssertEqual(shown, expected)
        XCTAssertEqual(shown.first, "acme")   // promo weight 70 of 100: the worst self-promoter
        // Exact values kept for sorting: the promo cell of the first row holds acme's double.
        let acme = try XCTUnwrap(run.organizations.first { $0.handle == "acme" }?.metrics.promoShare)
        let cells = index.all("td").compactMap { $0.attributes["data-value"] }
        XCTAssertTrue(cells.contains("\(acme)"))
    }

    func testEveryPageLinksBackToTheIndex() throws {
        let pages = try renderPages()
        for (path, html) in pages where path != "index.html" {
            let links = ParsedPage(html).hrefs
            XCTAssertTrue(links.contains("../index.html"), "\(path) has no link back")
            XCTAssertTrue(links.contains("../index.html#methodology"), "\(path) does not link the methodology")
        }
    }

    func testNoBrokenInternalLinksAndNothingFetched() throws {
        let pages = try renderPages()
        let parsed = pages.mapValues(ParsedPage.init)
        let knownFiles: Set<String> = ["rejects.csv"]
        var checked = 0
        for (path, page) in parsed {
            let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
            // Links to the posts themselves (a.post-link) are the one way out, checked in
            // HTMLPhoneAndLinkTests; nothing is fetched.
            let postLinks = Set(page.all("a").filter { $0.attributes["class"] == "post-link" }.compactMap { $0.attributes["href"] })
            for href in page.hrefs where !postLinks.contains(href) {
                XCTAssertFalse(href.hasPrefix("http:") || href.hasPrefix("https:") || href.hasPrefix("//"), "\(path) links out: \(href)")
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? path : resolve(parts[0], from: folder)
                guard let targetPage = parsed[target] else {
                    XCTAssertTrue(knownFiles.contains(target), "\(path): broken link \(href)")
                    continue
                }
                if parts.count == 2 {
                    XCTAssertTrue(targetPage.ids.contains(parts[1]), "\(path): no #\(parts[1]) in \(target)")
                }
                checked += 1
            }
            // Self-contained: no external scripts, styles, images or fonts.
            XCTAssertTrue(page.elements.allSatisfy { $0.attributes["src"] == nil }, "\(path) loads a resource")
            XCTAssertTrue(page.all("link").isEmpty, "\(path) links a stylesheet")
            XCTAssertFalse(pages[path]!.contains("@import"), "\(path) imports CSS")
        }
        XCTAssertGreaterThan(checked, 50)
        XCTAssertTrue(parsed["index.html"]!.hrefs.contains("rejects.csv"))
    }

    private func resolve(_ relative: String, from folder: String) -> String {
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for piece in relative.split(separator: "/").map(String.init) {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    func testEveryChartHasATextAlternative() throws {
        let pages = try renderPages()
        var charts = 0
        for (path, html) in pages {
            let page = ParsedPage(html)
            for svg in page.all("svg") {
                charts += 1
                let id = try XCTUnwrap(svg.attributes["id"], path)
                XCTAssertEqual(svg.attributes["role"], "img")
                XCTAssertEqual(svg.attributes["aria-labelledby"], "\(id)-title \(id)-desc")
                XCTAssertEqual(Array(svg.children.prefix(2)), ["title", "desc"], "\(path) \(id)")
                let title = try XCTUnwrap(page.elements.first { $0.attributes["id"] == "\(id)-title" })
                let desc = try XCTUnwrap(page.elements.first { $0.attributes["id"] == "\(id)-desc" })
                XCTAssertGreaterThan(title.text.count, 20)
                XCTAssertGreaterThan(desc.text.count, 40)
            }
            // Charts with a month axis also have their numbers in a table.
            if path != "index.html", page.all("svg").count > 0 {
                XCTAssertTrue(page.all("caption").contains { $0.text.hasPrefix("Posts per month") }, path)
            }
        }
        // index: classes, two sector strips, adoption, scatter by followers and by impressions;
        // 11 organizations with posts: six charts each (classes, promo share, engagement per
        // month, rolling promo share, two weekday x hour maps), but blogger (26 posts, under the
        // 30 of minPosts) has tables only (OrgDetailSection.drawsCharts).
        XCTAssertEqual(charts, 6 + 6 * 10)
        let index = ParsedPage(pages["index.html"]!)
        XCTAssertTrue(index.all("caption").contains { $0.text.hasPrefix("Share of registered organizations") })
    }

    func testChartsAreWellFormedSVG() throws {
        let pages = try renderPages()
        var fragments = 0
        for (path, html) in pages {
            for svg in svgFragments(html) {
                fragments += 1
                XCTAssertTrue(isWellFormedXML(svg), "\(path): \(svg.prefix(200))")
            }
        }
        XCTAssertEqual(fragments, 6 + 6 * 10)
    }

    func testHostileTextIsEscaped() throws {
        let run = HTMLFixtures.run(hostile: true)
        let pages = try renderPages(run)
        for (path, html) in pages {
            XCTAssertFalse(html.contains("<script>alert"), path)
            XCTAssertFalse(html.contains("\"onmouseover"), path)
            let page = ParsedPage(html)
            // Only the optional sorting script of the index; no event handler attributes anywhere.
            XCTAssertEqual(page.all("script").count, path == "index.html" ? 1 : 0, path)
            for element in page.elements {
                XCTAssertFalse(element.attributes.keys.contains { $0.lowercased().hasPrefix("on") }, "\(path): \(element.name) \(element.attributes)")
            }
        }
        let index = ParsedPage(pages["index.html"]!)
        // The texts come back exactly as the exports had them.
        XCTAssertTrue(index.all("span").contains { $0.text == "Food <script>alert(1)</script> Bank & \"Friends\"" })
        XCTAssertTrue(index.all("a").contains { $0.text == "@\"onmouseover=alert(1)" })
        let blogger = ParsedPage(try XCTUnwrap(pages["orgs/blogger.html"]))
        let hostilePost = try XCTUnwrap(blogger.all("td").first { $0.text.contains("alert(2)") })
        XCTAssertTrue(hostilePost.text.hasPrefix("<script>alert(1)</script> \"onmouseover=alert(2) https://blog.example/a?b=1&amp;c=\"2\""))
        XCTAssertTrue(pages["orgs/blogger.html"]!.contains("a?b=1&amp;amp;c=&quot;2&quot;"))
        // The hostile handle's page has a safe name, and its own page escapes it in the title.
        let hostilePath = HTMLReport.pagePath(for: "\"onmouseover=alert(1)")
        XCTAssertTrue(hostilePath.hasPrefix("orgs/_onmouseover_alert_1_-"))
        let hostilePage = ParsedPage(try XCTUnwrap(pages[hostilePath]))
        XCTAssertEqual(hostilePage.all("title").first?.text, "@\"onmouseover=alert(1) · Earshot report")
    }

    func testHostileTextInsideChartsIsEscaped() throws {
        var run = HTMLFixtures.run()
        // A handle with markup that the scatter plot labels and links.
        let handle = "<b>&x\"y"
        let org = OrgAnalysis.analyze(handle: handle, posts: HTMLFixtures.posts(org: handle, domain: "x.example", count: 20, months: 3,
                                                                                  promoWeight: 90, seed: 99), organization: nil, lexicon: .builtin)
        var withFollowers = org
        withFollowers.metrics.engagementRateFollowers = 0.5
        run.organizations.append(withFollowers)
        let pages = try renderPages(run)
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertFalse(index.contains("<b>&x"))
        XCTAssertTrue(index.contains("@&lt;b&gt;&amp;x&quot;y"))
        for svg in svgFragments(index) {
            XCTAssertTrue(isWellFormedXML(svg))
        }
        let scatter = try XCTUnwrap(svgFragments(index).first { $0.contains("id=\"chart-scatter\"") })
        XCTAssertTrue(scatter.contains("href=\"orgs/_b__x_y-"))
        let page = try XCTUnwrap(pages[HTMLReport.pagePath(for: handle)])
        XCTAssertFalse(page.contains("<b>&x"))
        for svg in svgFragments(page) {
            XCTAssertTrue(isWellFormedXML(svg))
        }
    }

    func testLowerBoundIsSaidBesidePromoShare() throws {
        let run = HTMLFixtures.run()
        let foodbank = try XCTUnwrap(run.organizations.first { $0.handle == "foodbank" })
        XCTAssertEqual(foodbank.metrics.linkCoverage, 0)   // every link is a bit.ly link
        let pages = try renderPages(run)
        let index = ParsedPage(pages["index.html"]!)
        let rows = index.all("tr").filter { $0.text.contains("@") && $0.children.count == 8 }
        XCTAssertEqual(rows.count, run.organizations.count)
        for row in rows {
            XCTAssertEqual(row.text.contains("lower bound: links"), row.text.contains("@foodbank"), row.text)
        }
        let page = ParsedPage(pages["orgs/foodbank.html"]!)
        XCTAssertTrue(page.all("div").contains { $0.attributes["class"] == "big" && $0.text.contains("lower bound") })
        XCTAssertFalse(pages["orgs/redcross.html"]!.contains("lower bound"))
    }

    func testOrganizationPageShowsVerdictsExamplesAndPartners() throws {
        let run = HTMLFixtures.run()
        let redcross = try XCTUnwrap(run.organizations.first { $0.handle == "redcross" })
        let page = ParsedPage(try XCTUnwrap(try renderPages(run)["orgs/redcross.html"]))
        let badges = page.all("span").filter { ($0.attributes["class"] ?? "").hasPrefix("verdict ") }.map(\.text)
        XCTAssertEqual(badges, [redcross.metrics.promoVerdict?.rawValue, redcross.metrics.dialogueVerdict?.rawValue].compactMap { $0 })
        // Every promotional example with its reasons, in words.
        let reasons = page.all("span").filter { ($0.attributes["class"] ?? "").hasPrefix("reason ") }.map(\.text)
        let expected = redcross.promotionalExamples.flatMap { $0.reasons.map(OrgPageModel.label) }
        XCTAssertEqual(reasons, expected)
        XCTAssertEqual(redcross.promotionalExamples.count, 10)
        // "Please donate today ..." and "Our new annual report is out: <own link>" (rule v2).
        XCTAssertTrue(reasons.contains("asks for the organization: donate"), "\(reasons)")
        XCTAssertTrue(reasons.contains("own link with a launch: is out"), "\(reasons)")
        // Top posts, most interactions first.
        let ranks = page.all("tr").filter { $0.children.count == 5 && $0.children.first == "td" }
        XCTAssertEqual(ranks.count, redcross.topPosts.count)
        // Partners: plain text, since none of them has a page in this run.
        XCTAssertEqual(page.all("tr").filter { $0.children == ["td", "td"] }.count, redcross.topPartners.count)
        XCTAssertFalse(page.hrefs.contains { $0.hasPrefix("unicef") })
    }

    func testPartnersWithPagesAreLinked() throws {
        var run = HTMLFixtures.run()
        let posts = [
            HTMLFixtures.makePost("talker", "1", "@redcross thanks!", at: HTMLFixtures.start, likes: 1, marker: .reply(target: "redcross")),
            HTMLFixtures.makePost("talker", "2", "@someone hello", at: HTMLFixtures.start + 60, likes: 1, marker: .reply(target: "someone")),
        ]
        run.organizations.append(OrgAnalysis.analyze(handle: "talker", posts: posts, organization: nil, lexicon: .builtin))
        let page = ParsedPage(try XCTUnwrap(try renderPages(run)["orgs/talker.html"]))
        XCTAssertTrue(page.hrefs.contains("redcross.html"))
        XCTAssertTrue(page.all("td").contains { $0.text == "@someone" })
        XCTAssertFalse(page.hrefs.contains("someone.html"))
    }

    func testOrganizationWithoutPosts() throws {
        let pages = try renderPages()
        let html = try XCTUnwrap(pages["orgs/quietorg.html"])
        XCTAssertTrue(html.contains("No posts of this organization were found"))
        XCTAssertEqual(svgFragments(html).count, 0)
        XCTAssertTrue(ParsedPage(html).hrefs.contains("../index.html"))
    }

    func testRunWithoutPostsStillRenders() throws {
        let registry = Registry([Organization(handle: "a", sector: .public), Organization(handle: "b", sector: .nonprofit)])
        let orgs = registry.organizations.map { OrgAnalysis.analyze(handle: $0.handle, posts: [], organization: $0, lexicon: .builtin) }
        let run = HTMLFixtures.Run(organizations: orgs, sectors: SectorAnalysis.analyze(orgs, registry: registry),
                                   registry: registry, overview: HTMLFixtures.overview(posts: 0))
        let pages = try renderPages(run)
        XCTAssertEqual(pages.count, 3)
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertTrue(index.contains("No adoption to draw"))
        XCTAssertTrue(index.contains("No organization has both a promo share and an engagement rate"))
        XCTAssertEqual(svgFragments(index).count, 1)   // the class chart, with the baseline alone
    }

    func testRenderingIsDeterministic() throws {
        let run = HTMLFixtures.run()
        let first = try renderPages(run)
        var shuffled = run
        shuffled.organizations.reverse()
        XCTAssertEqual(try renderPages(shuffled), first)
        let oneThread = try HTMLReport.render(overview: run.overview, organizations: run.organizations, sectors: run.sectors,
                                              registry: run.registry, threads: 1)
        let fourThreads = try HTMLReport.render(overview: run.overview, organizations: run.organizations, sectors: run.sectors,
                                                registry: run.registry, threads: 4)
        XCTAssertEqual(oneThread, fourThreads)
        XCTAssertEqual(oneThread.map(\.path), ["index.html"] + run.organizations.map { HTMLReport.pagePath(for: $0.handle) })
        var later = run
        later.overview.generatedAt = "2027-01-01T00:00:00Z"
        let second = try renderPages(later)
        XCTAssertEqual(second.keys.sorted(), first.keys.sorted())
        for (path, html) in first {
            XCTAssertEqual(second[path], html.replacingOccurrences(of: "2026-11-27T04:35:00Z", with: "2027-01-01T00:00:00Z"), path)
        }
    }

    func testRunSectionCountsAndThresholds() throws {
        var run = HTMLFixtures.run()
        run.overview.thresholds = MetricThresholds(promotional: 0.25, relentless: 0.5)
        let index = ParsedPage(try XCTUnwrap(try renderPages(run)["index.html"]))
        let facts = try XCTUnwrap(index.all("dl").first { $0.attributes["class"] == "facts" })
        XCTAssertTrue(facts.text.contains("1,508 = 1,496 posts + 9 duplicates merged + 3 rejects"), facts.text)
        XCTAssertTrue(facts.text.contains("3 (0.20% of records); the limit is 5.0%"), facts.text)
        XCTAssertTrue(facts.text.contains("balanced up to 25.0% promotional, promotional up to 50.0%"))
        XCTAssertTrue(facts.text.contains("(changed from the defaults)"))
        XCTAssertTrue(facts.text.contains("builtin-v2 (built in), SHA-256 \(Lexicon.builtin.sha256) (phrases); promotional rule v2"), facts.text)
        XCTAssertTrue(index.all("code").contains { $0.text == "extra/archive \"2020\".zip" })
        // The published baseline and its citation.
        XCTAssertTrue(index.all("tr").contains { $0.attributes["class"] == "baseline" && $0.text.contains("58.6%") && $0.text.contains("25.8%") && $0.text.contains("15.6%") })
        XCTAssertTrue(index.all("p").contains { $0.text.contains("Journal of Computer-Mediated Communication, 17(3), 337-353") })
        // The methodology names every threshold used.
        let methodology = try XCTUnwrap(index.elements.first { $0.attributes["id"] == "methodology" })
        for value in ["25.0%", "50.0%", "33.3%", "10.0%"] { XCTAssertTrue(methodology.text.contains(value), value) }
        XCTAssertTrue(methodology.text.contains("donate, donation, donations"))
    }

    func testAnOrganizationWithAHundredThousandPostsGivesASmallPage() throws {
        // 100,000 posts over 20 years: 240 months.
        let posts = HTMLFixtures.posts(org: "bigorg", domain: "big.org", count: 100_000, months: 243, promoWeight: 30, seed: 42)
        let organization = Organization(handle: "bigorg", name: "Big Org", sector: .public, domains: ["big.org"], followers: 10_000)
        let org = OrgAnalysis.analyze(handle: "bigorg", posts: posts, organization: organization, lexicon: .builtin)
        XCTAssertGreaterThanOrEqual(org.months.count, 235)
        let registry = Registry([organization])
        let run = HTMLFixtures.Run(organizations: [org], sectors: SectorAnalysis.analyze([org], registry: registry),
                                   registry: registry, overview: HTMLFixtures.overview(posts: 100_000))
        let clock = ContinuousClock()
        var pages: [String: String] = [:]
        let elapsed = try clock.measure { pages = try renderPages(run) }
        let html = try XCTUnwrap(pages["orgs/bigorg.html"])
        print("100,000-post page: \(html.utf8.count) bytes, index \(pages["index.html"]!.utf8.count) bytes, rendered in \(elapsed)")
        XCTAssertLessThan(html.utf8.count, 300_000)
        XCTAssertLessThan(elapsed, .seconds(5))
        // Month labels thinned to years.
        let labels = svgFragments(html)[0].components(separatedBy: "text-anchor=\"middle\"").count - 1
        XCTAssertLessThanOrEqual(labels, 16)
        XCTAssertTrue(svgFragments(html)[0].contains(">2000</text>") || svgFragments(html)[0].contains(">2020</text>"))
    }
}
