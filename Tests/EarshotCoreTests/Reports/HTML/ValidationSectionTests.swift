import Foundation
import XCTest
@testable import EarshotCore

/// The index's "how far to trust these classes" section (`report --validation`).
final class ValidationSectionTests: XCTestCase {
    /// Four posts, one coder (a hostile sheet name): Earshot I C A A, the coder I C C A, so the
    /// ICA accuracy is 3/4 and kappa = (3*4 - (1*1 + 2*1 + 1*2)) / (16 - 5) = 7/11 = 0.6364.
    private func result() -> ValidationResult {
        let codes: [(ICAClass, ICAClass)] = [(.information, .information), (.community, .community), (.action, .community), (.action, .action)]
        let posts = codes.enumerated().map { k, pair in
            ValidationPost(org: "acme", id: "\(k + 1)", ica: pair.0, promotional: pair.0 == .action,
                           codes: [HumanCode(ica: pair.1, promotional: pair.1 == .action ? .clearly : .no, ambiguous: k == 3)])
        }
        return ValidationResult(posts: posts, coders: ["<b>ana</b>.csv"], lexicon: .builtin, bootstrap: Agreement.Bootstrap(resamples: 50, seed: 3))
    }

    func testTheSectionShowsTheFiguresWhenSheetsAreGiven() throws {
        var run = HTMLFixtures.run()
        run.overview.validation = result()
        let html = try XCTUnwrap(try renderPages(run)["index.html"])
        let page = ParsedPage(html)
        XCTAssertTrue(page.hrefs.contains("#validation"))
        XCTAssertNotNil(page.elements.first { $0.attributes["id"] == "validation" })
        XCTAssertTrue(html.contains("<h3>Information / Community / Action: all coded posts (4)</h3>"))
        XCTAssertTrue(html.contains("<td class=\"num\">0.7500 ["))
        XCTAssertTrue(html.contains("<td class=\"num\">0.6364 ["), String(html[html.range(of: "<section id=\"validation\">")!.lowerBound...].prefix(1500)))
        XCTAssertTrue(html.contains("<h3>Promotional, against the coders&#39; self: posts no coder marked ambiguous (3)</h3>"))
        XCTAssertTrue(html.contains("&lt;b&gt;ana&lt;/b&gt;.csv"))
        XCTAssertFalse(html.contains("<b>ana</b>"))
        XCTAssertTrue(html.contains("lexicon <strong>\(Lexicon.builtin.name)</strong>"), "the lexicon in use is named")
    }

    func testNoSectionWithoutSheets() throws {
        let html = try XCTUnwrap(try renderPages()["index.html"])
        XCTAssertFalse(html.contains("id=\"validation\""))
        XCTAssertFalse(html.contains("#validation"))
    }
}
