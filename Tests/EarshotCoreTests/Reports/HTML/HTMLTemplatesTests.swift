import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

final class HTMLTemplatesTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The source of truth is Templates/html; the generated Swift file must say the same.
    func testEmbeddedTemplatesAreTheTemplateFiles() throws {
        let templates = Repository.root.appendingPathComponent("Templates/html")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }.sorted()
        XCTAssertEqual(files.map { String($0.dropLast(".mustache".count)) }.sorted(), DefaultHTMLTemplates.texts.keys.sorted())
        XCTAssertEqual(Set(files), ["index.mustache", "org.mustache", "sort-script.mustache", "style.mustache",
                                    "index-format-row.mustache", "index-file-row.mustache", "index-adoption-row.mustache", "index-organization-row.mustache",
                                    "org-month-row.mustache", "org-details.mustache", "org-detail-month-row.mustache", "org-peer-row.mustache",
                                    "org-term-row.mustache", "org-hour-cell-row.mustache", "org-top-post-row.mustache", "org-example-row.mustache",
                                    "org-partner-row.mustache", "index-validation.mustache", "ranking.mustache"])
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(DefaultHTMLTemplates.texts[String(file.dropLast(".mustache".count))], text,
                           "\(file) changed: run sh scripts/embed-templates.sh")
        }
    }

    func testAFolderReplacesTemplatesByName() throws {
        try "<p>{{name}} / {{handle}} / <a href=\"{{indexHref}}\">back</a></p>\n".write(
            to: folder.appendingPathComponent("org.mustache"), atomically: true, encoding: .utf8)
        try "body { color: rebeccapurple; }\n".write(to: folder.appendingPathComponent("style.mustache"), atomically: true, encoding: .utf8)
        let pages = try renderPages(HTMLFixtures.run(), templatesPath: folder.path)
        XCTAssertEqual(pages["orgs/foodbank.html"], "<p>Food &lt;script&gt;alert(1)&lt;/script&gt; Bank &amp; &quot;Friends&quot; / foodbank / <a href=\"../index.html\">back</a></p>\n")
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertTrue(index.contains("<style>\nbody { color: rebeccapurple; }\n</style>"))
        XCTAssertTrue(index.contains("id=\"organizations-table\""))   // the default index, with the user's style
    }

    func testUsersCanAddPartialsInSubfolders() throws {
        let partials = folder.appendingPathComponent("parts")
        try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true)
        try "<i>{{sector}}</i>".write(to: partials.appendingPathComponent("sector.mustache"), atomically: true, encoding: .utf8)
        try "{{>parts/sector}}".write(to: folder.appendingPathComponent("org.mustache"), atomically: true, encoding: .utf8)
        let pages = try renderPages(HTMLFixtures.run(), templatesPath: folder.path)
        XCTAssertEqual(pages["orgs/redcross.html"], "<i>nonprofit</i>")
    }

    func testAnInvalidTemplateNamesItsFileAndLine() throws {
        let path = folder.appendingPathComponent("index.mustache")
        try "<h1>{{title}}</h1>\n{{#organizations}}\n<p>{{handle}}</p>\n{{/sectors}}\n".write(to: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try renderPages(HTMLFixtures.run(), templatesPath: folder.path)) { error in
            guard case let HTMLReportError.templateSyntax(file, line, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path.path)
            XCTAssertEqual(line, 4)
            XCTAssertTrue("\(error)".hasPrefix(path.path + ":4:"))
        }
    }

    func testAMissingFolderIsAnError() {
        let missing = folder.appendingPathComponent("nope").path
        XCTAssertThrowsError(try renderPages(HTMLFixtures.run(), templatesPath: missing)) { error in
            XCTAssertEqual(error as? HTMLReportError, .templatesFolderNotFound(path: missing))
        }
    }

    func testPageFileNamesAreSafe() {
        XCTAssertEqual(HTMLReport.pagePath(for: "redcross"), "orgs/redcross.html")
        XCTAssertEqual(HTMLReport.pageFileName(for: "nhs_uk-1.0"), "nhs_uk-1.0.html")
        for hostile in ["../etc/passwd", ".hidden", "a/b", "a\\b", "", "Ünïcode", "x y", String(repeating: "a", count: 300)] {
            let name = HTMLReport.pageFileName(for: hostile)
            XCTAssertFalse(name.contains("/") || name.contains("\\") || name.hasPrefix("."), name)
            XCTAssertTrue(name.hasSuffix(".html"))
            XCTAssertLessThanOrEqual(name.utf8.count, 100, name)
            XCTAssertTrue(name.unicodeScalars.allSatisfy { $0.isASCII }, name)
        }
        XCTAssertNotEqual(HTMLReport.pageFileName(for: "a/b"), HTMLReport.pageFileName(for: "a_b"))
        XCTAssertNotEqual(HTMLReport.pageFileName(for: "a/b"), HTMLReport.pageFileName(for: "a\\b"))
    }
}
