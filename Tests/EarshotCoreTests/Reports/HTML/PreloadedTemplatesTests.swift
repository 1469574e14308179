import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// `earshot report` parses its templates on a thread of their own (`Background`): a user's
/// templates are still used, and a broken one still stops the run before anything is replaced.
final class PreloadedTemplatesTests: XCTestCase {
    @discardableResult
    private func report(_ corpus: OperationsCorpus, templates: String?) throws -> ReportSummary {
        let options = ReportOptions(inputs: [corpus.path("exports")], registryPath: corpus.path("organizations.csv"),
                                    outputPath: corpus.path("out"), threads: 2, templatesPath: templates.map(corpus.path))
        return try ReportJob(options: options).run(logger: LogLines().logger)
    }

    func testAUsersTemplateIsUsed() throws {
        let corpus = try OperationsCorpus(orgs: 2, postsPerOrg: 5)
        try corpus.write("templates/index.mustache", "<p>{{#overview}}{{/overview}}custom index</p>\n")
        try report(corpus, templates: "templates")
        XCTAssertEqual(String(decoding: try corpus.read("out/index.html"), as: UTF8.self), "<p>custom index</p>\n")
    }

    func testABrokenTemplateStopsTheRunAndReplacesNothing() throws {
        let corpus = try OperationsCorpus(orgs: 2, postsPerOrg: 5)
        try report(corpus, templates: nil)
        let before = try corpus.tables("out")
        try corpus.write("templates/org.mustache", "<h1>{{handle}}</h1>\n{{#months}}\n{{/weeks}}\n")
        XCTAssertThrowsError(try report(corpus, templates: "templates")) { error in
            XCTAssertTrue("\(error)".contains(corpus.path("templates/org.mustache") + ":3:"), "\(error)")
        }
        XCTAssertThrowsError(try report(corpus, templates: "missing")) { error in
            XCTAssertTrue("\(error)".contains(corpus.path("missing")), "\(error)")
        }
        XCTAssertEqual(try corpus.tables("out"), before)
    }
}
