import Foundation
import XCTest
@testable import EarshotCore

/// Stamps (`TemplateStamp`) must render exactly what swift-mustache renders, and step aside for
/// templates whose output could depend on a value's text in ways a stamp cannot copy.
final class TemplateStampTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-stamps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func p(_ slot: Int) -> String { TemplateStamp.placeholder(slot) }

    func testPlaceholdersBecomeSlotsEscapedOrNot() throws {
        // What swift-mustache gives for `a{{{x}}}b{{y}}c{{x}}` with placeholders 0 and 1.
        let rendered = "a" + p(0) + "b" + "\u{1}1&amp;\u{2}" + "c" + "\u{1}0&amp;\u{2}"
        let stamp = try XCTUnwrap(TemplateStamp(rendered: rendered, slots: 2))
        XCTAssertEqual(stamp.literalBytes, 3)
        var out = ""
        stamp.render(["<i>", "'&\""], outer: [], into: &out)
        XCTAssertEqual(out, "a<i>b&#39;&amp;&quot;c&lt;i&gt;")
        // Slots past the value's own texts are the outer record's.
        out = ""
        stamp.render(["x"], outer: ["<y>"], into: &out)
        XCTAssertEqual(out, "axb&lt;y&gt;cx")
    }

    func testABrokenPlaceholderGivesNoStamp() {
        XCTAssertNotNil(TemplateStamp(rendered: "plain text, no slots", slots: 0))
        XCTAssertNil(TemplateStamp(rendered: "a\u{1}0b", slots: 1))                  // cut short
        XCTAssertNil(TemplateStamp(rendered: "a\u{1}0&AMP;\u{2}", slots: 1))         // transformed
        XCTAssertNil(TemplateStamp(rendered: "a\u{2}", slots: 1))                    // a stray end
        XCTAssertNil(TemplateStamp(rendered: "a\u{1}&\u{2}", slots: 1))              // no number
        XCTAssertNil(TemplateStamp(rendered: "a" + p(3), slots: 3))                  // no such slot
    }

    func testEscapingIsSwiftMustachesButByScalar() {
        var out = ""
        HTMLEscaping.appendEscaped("Tom & \"Jerry\" <b>'s</b> ✓", to: &out)
        XCTAssertEqual(out, "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt; ✓")
        // A combining mark after a quote makes one Character with it; it is still a quote.
        out = ""
        HTMLEscaping.appendEscaped("a\"\u{301}b", to: &out)
        XCTAssertEqual(out, "a&quot;\u{301}b")
        out = "kept "
        HTMLEscaping.appendEscaped("", to: &out)
        XCTAssertEqual(out, "kept ")
    }

    func testWhatMakesATemplateUnstampable() {
        let texts = [
            "plain": "<p>{{a}} {{{b}}} {{#list}}{{.}}{{^last()}}, {{/last()}}{{/list}} {{! comment (x) }}</p>",
            "withPartial": "{{>plain}} {{> spaced }}",
            "spaced": "{{c}}",
            "transform": "{{uppercased(a)}}",
            "nestedTransform": "{{>transform}}",
            "delimiters": "{{=<% %>=}}<%a%>",
            "dynamic": "{{>*name}}",
            "placeholderChar": "a\u{1}b",
        ]
        XCTAssertTrue(TemplateStamper.isStampable("plain", texts: texts))
        XCTAssertTrue(TemplateStamper.isStampable("withPartial", texts: texts))
        XCTAssertTrue(TemplateStamper.isStampable("missing", texts: texts))
        for name in ["transform", "nestedTransform", "delimiters", "dynamic", "placeholderChar"] {
            XCTAssertFalse(TemplateStamper.isStampable(name, texts: texts), name)
        }
    }

    /// The heart of it: pages and rows through stamps are byte for byte what swift-mustache
    /// renders from the same values, with no rendering left to swift-mustache value by value.
    func testStampsRenderWhatSwiftMustacheRenders() throws {
        let run = HTMLFixtures.run()
        let templates = try HTMLTemplates.load(folder: nil)
        for name in DefaultHTMLTemplates.texts.keys {
            XCTAssertTrue(templates.isStamped(name), name)
        }
        func direct(_ name: String, _ record: TemplateRecord) throws -> String {
            try XCTUnwrap(templates.library.render(record.mustacheObject, withTemplate: name))
        }
        func directRows(_ name: String, _ rows: [TemplateRecord], page: TemplateRecord) throws -> String {
            try rows.map {
                try XCTUnwrap(templates.library.render(TemplateScope(inner: $0.mustacheObject, outer: page.mustacheObject),
                                                       withTemplate: name))
            }.joined()
        }

        let handles = Set(run.organizations.map(\.handle))
        var checkedRows = 0
        for org in run.organizations {
            let model = OrgPageModel(org: org, organization: run.registry.organization(org.handle), overview: run.overview,
                                     reportHandles: handles)
            var fields = model.page
            for (field, partial, rows) in [("monthRows", "org-month-row", model.monthRows), ("topPostRows", "org-top-post-row", model.topPosts),
                                           ("exampleRows", "org-example-row", model.examples), ("partnerRows", "org-partner-row", model.partnerRows)] {
                let stamped = try templates.renderRows(partial, rows, page: model.page)
                XCTAssertEqual(stamped, try directRows(partial, rows, page: model.page), "\(org.handle) \(partial)")
                fields[field] = .text(stamped)
                checkedRows += rows.count
            }
            XCTAssertEqual(try templates.render("org", fields), try direct("org", fields), org.handle)
        }
        let index = IndexPageModel(overview: run.overview, organizations: run.organizations, sectors: run.sectors, registry: run.registry)
        var fields = index.page
        for (field, partial, rows) in [("formatRows", "index-format-row", index.formatRows), ("fileRows", "index-file-row", index.fileRows),
                                       ("adoptionRows", "index-adoption-row", index.adoptionRows),
                                       ("organizationRows", "index-organization-row", index.organizationRows)] {
            let stamped = try templates.renderRows(partial, rows, page: index.page)
            XCTAssertEqual(stamped, try directRows(partial, rows, page: index.page), partial)
            fields[field] = .text(stamped)
            checkedRows += rows.count
        }
        XCTAssertEqual(try templates.render("index", fields), try direct("index", fields))
        XCTAssertGreaterThan(checkedRows, 300)
        XCTAssertEqual(templates.directRenderings.values.reduce(0, +), 0)
    }

    func testRowsSeeTheirOwnFieldsThenThePages() throws {
        try "<tr><td>{{month}}</td><td>{{handle}}</td><td>{{posts}}</td></tr>\n".write(
            to: folder.appendingPathComponent("org-month-row.mustache"), atomically: true, encoding: .utf8)
        let run = HTMLFixtures.run()
        let redcross = try XCTUnwrap(run.organizations.first { $0.handle == "redcross" })
        let page = try XCTUnwrap(try renderPages(run, templatesPath: folder.path)["orgs/redcross.html"])
        for month in redcross.months {
            // `posts` is the month's (the row's own field), `handle` the page's.
            XCTAssertTrue(page.contains("<tr><td>\(month.month)</td><td>redcross</td><td>\(DisplayNumber.count(month.posts))</td></tr>\n"),
                          "\(month.month)")
        }
        XCTAssertGreaterThan(redcross.months.count, 30)
    }

    func testATransformOfAValueIsRenderedValueByValue() throws {
        // A stamp would print the handles as they are: the placeholders have no letters to change.
        try "<tr><td>{{uppercased(handle)}}</td><td class=\"num\">{{posts}}</td></tr>\n".write(
            to: folder.appendingPathComponent("org-partner-row.mustache"), atomically: true, encoding: .utf8)
        let templates = try HTMLTemplates.load(folder: folder.path)
        XCTAssertFalse(templates.isStamped("org-partner-row"))
        XCTAssertTrue(templates.isStamped("org"))
        let run = HTMLFixtures.run()
        let redcross = try XCTUnwrap(run.organizations.first { $0.handle == "redcross" })
        let page = try XCTUnwrap(try renderPages(run, templatesPath: folder.path)["orgs/redcross.html"])
        XCTAssertFalse(redcross.topPartners.isEmpty)
        for partner in redcross.topPartners {
            XCTAssertTrue(page.contains("<tr><td>\(partner.handle.uppercased())</td><td class=\"num\">\(DisplayNumber.count(partner.posts))</td></tr>"), partner.handle)
        }
    }

    func testChangedDelimitersStillRender() throws {
        try "{{=<% %>=}}<tr><th><%month%></th><td><%&promoShare%></td></tr>\n".write(
            to: folder.appendingPathComponent("org-month-row.mustache"), atomically: true, encoding: .utf8)
        XCTAssertFalse(try HTMLTemplates.load(folder: folder.path).isStamped("org-month-row"))
        let run = HTMLFixtures.run()
        let acme = try XCTUnwrap(run.organizations.first { $0.handle == "acme" })
        let page = try XCTUnwrap(try renderPages(run, templatesPath: folder.path)["orgs/acme.html"])
        let first = try XCTUnwrap(acme.months.first)
        XCTAssertTrue(page.contains("<tr><th>\(first.month)</th><td>\(DisplayNumber.percent(first.promoShare))</td></tr>\n"))
    }

    /// swift-mustache escapes by Character, and a quote followed by a combining mark is one
    /// Character that is not a quote: it went into attributes bare and ended them.
    func testAQuoteWithACombiningMarkStaysInsideItsAttribute() throws {
        var run = HTMLFixtures.run()
        let handle = "x\"\u{301} onmouseover=alert(3) y=\"\u{301}"
        run.organizations.append(OrgAnalysis.analyze(handle: handle, posts: HTMLFixtures.posts(
            org: handle, domain: "x.example", count: 12, months: 3, promoWeight: 40, seed: 77), organization: nil, lexicon: .builtin))
        let pages = try renderPages(run)
        for (path, html) in pages {
            for element in ParsedPage(html).elements {
                XCTAssertNil(element.attributes["onmouseover"], "\(path): \(element.name)")
            }
        }
        let index = ParsedPage(try XCTUnwrap(pages["index.html"]))
        XCTAssertTrue(index.all("td").contains { $0.attributes["data-value"] == handle })
    }
}
