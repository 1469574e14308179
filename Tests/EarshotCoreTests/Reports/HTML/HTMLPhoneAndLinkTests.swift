import Foundation
import XCTest
@testable import EarshotCore

/// Issue 15's acceptance checks on the rendered fixture pages: every new chart has its table,
/// every post link is well formed, and no SVG text is under 11 px on a 390 px wide screen.
final class HTMLPhoneAndLinkTests: XCTestCase {
    /// The charts issue 15 added, by id prefix.
    static let newCharts = ["chart-engagement-by-month", "chart-promo-rolling", "chart-hours-posts", "chart-hours-engagement",
                            "chart-strip-promo", "chart-strip-conversation", "chart-scatter-impressions"]

    func testEveryNewChartHasATableInItsSection() throws {
        let pages = try renderPages()
        var seen: Set<String> = []
        for (path, html) in pages {
            for id in Self.newCharts {
                guard let at = html.range(of: "id=\"\(id)\"") else { continue }
                seen.insert(id)
                // The section the chart is in holds a table (the scatter's numbers are in the
                // organizations table, linked from its caption).
                let section = html[html.range(of: "<section", options: .backwards, range: html.startIndex..<at.lowerBound)!.lowerBound...]
                let end = section.range(of: "</section>")!.lowerBound
                let body = section[..<end]
                if id == "chart-scatter-impressions" {
                    XCTAssertTrue(body.contains("href=\"#organizations\""), "\(path) \(id)")
                } else {
                    XCTAssertTrue(body.contains("<table"), "\(path) \(id) has no table in its section")
                }
            }
        }
        XCTAssertEqual(seen, Set(Self.newCharts))
    }

    func testPostLinksAreWellFormed() throws {
        let pages = try renderPages()
        let pattern = try NSRegularExpression(pattern: "^https://(x\\.com/[a-z0-9_]{1,50}/status/[0-9]{1,30}|[a-z0-9.-]+/@[a-z0-9_]+/[0-9]+|bsky\\.app/profile/[a-z0-9:._-]+/post/[A-Za-z0-9._~-]+)$")
        var links = 0
        for (path, html) in pages {
            for a in ParsedPage(html).all("a") where a.attributes["class"] == "post-link" {
                let href = try XCTUnwrap(a.attributes["href"])
                links += 1
                XCTAssertEqual(pattern.numberOfMatches(in: href, range: NSRange(href.startIndex..., in: href)), 1, "\(path): \(href)")
                XCTAssertNotNil(URL(string: href), href)
            }
        }
        XCTAssertGreaterThan(links, 20)
    }

    /// A chart is drawn at its width attribute (the style never shrinks it: it scrolls in its
    /// box), so at any screen width one viewBox unit is width / viewBox width pixels.
    func testNoSVGTextUnder11PixelsAt390() throws {
        let pages = try renderPages()
        let style = try XCTUnwrap(DefaultHTMLTemplates.texts["style"])
        XCTAssertTrue(style.contains("svg.chart { display: block; height: auto; max-width: none;"))
        let phone = 390.0
        var texts = 0
        for (path, html) in pages {
            for svg in svgFragments(html) {
                let root = try XCTUnwrap(ParsedPage(svg).all("svg").first, path)
                let viewBox = try XCTUnwrap(root.attributes["viewBox"] ?? root.attributes["viewbox"], path).split(separator: " ").compactMap { Double($0) }
                let width = try XCTUnwrap(Double(root.attributes["width"] ?? ""), "\(path): an SVG without a width")
                // Rendered at `width` px (scrolling sideways when wider than the phone).
                let scale = width / viewBox[2]
                XCTAssertGreaterThanOrEqual(width, min(phone, viewBox[2]) * 0.99)
                for size in fontSizes(svg) {
                    texts += 1
                    XCTAssertGreaterThanOrEqual(size * scale, 11, "\(path) \(root.attributes["id"] ?? ""): font-size \(size)")
                }
            }
        }
        XCTAssertGreaterThan(texts, 500)
    }

    func fontSizes(_ svg: String) -> [Double] {
        var out: [Double] = []
        var rest = svg[...]
        while let r = rest.range(of: "font-size=\"") {
            let tail = rest[r.upperBound...]
            let end = tail.firstIndex(of: "\"")!
            out.append(Double(tail[..<end]) ?? 0)
            rest = tail[end...]
        }
        return out
    }
}
