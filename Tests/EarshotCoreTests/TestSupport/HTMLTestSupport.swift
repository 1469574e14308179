import Foundation
import XCTest
@testable import EarshotCore

extension XCTestCase {
    /// Renders the fixture run (or `run`) and returns the pages by path.
    func renderPages(_ run: HTMLFixtures.Run = HTMLFixtures.run(), templatesPath: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let pages = try HTMLReport.render(overview: run.overview, organizations: run.organizations, sectors: run.sectors,
                                          registry: run.registry, templatesPath: templatesPath, details: run.details)
        var byPath: [String: String] = [:]
        for page in pages {
            XCTAssertNil(byPath[page.path], "two pages at \(page.path)", file: file, line: line)
            byPath[page.path] = page.html
        }
        return byPath
    }

    /// The `<svg>...</svg>` fragments of a page, as written.
    func svgFragments(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }
}
