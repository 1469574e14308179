import Foundation
import XCTest
@testable import EarshotCore

/// What the pipeline keeps per file for the whole run: counted once, shared where it can be.
final class RunBookkeepingTests: XCTestCase {
    func testCountsAddUpAndTheirOrganizationsJoin() {
        var total = FileCounts()
        var a = FileCounts()
        (a.records, a.posts, a.duplicates, a.rejects, a.warnings, a.orgs) = (5, 3, 1, 1, 2, ["acme"])
        var b = FileCounts()
        (b.records, b.posts, b.duplicates, b.rejects, b.warnings, b.orgs) = (4, 4, 0, 0, 1, ["beta", "acme"])
        total.add(a)
        XCTAssertEqual(total.orgs, ["acme"])
        total.add(a)
        XCTAssertEqual(total.orgs, ["acme"])
        total.add(b)
        XCTAssertEqual([total.records, total.posts, total.duplicates, total.rejects, total.warnings], [14, 10, 2, 2, 5])
        XCTAssertEqual(total.orgs, ["acme", "beta"])
        XCTAssertEqual(a.orgs, ["acme"], "the set added from is left as it was")
        total.add(FileCounts())
        XCTAssertEqual(total.orgs, ["acme", "beta"])
    }

    func testAnOrganizationsInputsAreItsFilesOfTheRun() {
        let files = (0..<5).map { ScannedFile(file: ExportFile(path: "/in/f\($0).csv", displayPath: "f\($0).csv"), format: .analytics,
                                              bytes: $0, owner: "acme") }
        let inputs = OrgInputs(handle: "acme", fileIndexes: [1, 3, 4], runFiles: files)
        XCTAssertEqual(inputs.files.map(\.file.displayPath), ["f1.csv", "f3.csv", "f4.csv"])
        XCTAssertEqual(inputs.files.map(\.bytes), [1, 3, 4])
    }

    /// A run that keeps no parts (no cache, no shard) has the same files, counts, findings and
    /// results as one that does.
    func testARunWithoutPartsHasTheSameOutcome() throws {
        let corpus = try OperationsCorpus(orgs: 5, postsPerOrg: 30)
        // A rejected record, besides the collections whose posts go to several organizations.
        let tweets = try XCTUnwrap(corpus.exportFiles().first { !$0.hasPrefix("collections/") && $0.hasSuffix("tweets.csv") })
        let text = String(decoding: try corpus.read("exports/" + tweets), as: UTF8.self)
        try corpus.write("exports/" + tweets, text + "broken,line\n")
        let registry = try RegistryLoader.load(path: corpus.path("organizations.csv"))
        let files = try InputDiscovery(registry: registry).files(in: [corpus.path("exports")])
        let pipeline = Pipeline(registry: registry, threads: 2)
        let withParts = pipeline.run(files) { handle, posts in
            OrgAnalysis.analyze(handle: handle, posts: posts, organization: registry.organization(handle), lexicon: .builtin)
        }
        var hooks = PipelineHooks<OrgResult>()
        hooks.keepsParts = false
        let without = pipeline.run(files, hooks: hooks) { handle, posts in
            OrgAnalysis.analyze(handle: handle, posts: posts, organization: registry.organization(handle), lexicon: .builtin)
        }

        XCTAssertGreaterThan(withParts.organizationParts.count, 3)
        XCTAssertFalse(withParts.collectionShares.isEmpty, "the corpus has collections")
        XCTAssertTrue(without.organizationParts.isEmpty)
        XCTAssertTrue(without.collectionShares.isEmpty)
        XCTAssertEqual(without.files.map(\.file.file.displayPath), withParts.files.map(\.file.file.displayPath))
        XCTAssertEqual(without.files.map(\.counts), withParts.files.map(\.counts))
        XCTAssertTrue(withParts.files.contains { $0.counts.orgs.count > 1 }, "a file feeds several organizations")
        XCTAssertEqual(without.findings, withParts.findings)
        XCTAssertEqual(without.organizations.map(\.handle), withParts.organizations.map(\.handle))
        XCTAssertEqual(without.organizations.map(\.result.metrics), withParts.organizations.map(\.result.metrics))
        XCTAssertEqual(without.totals, withParts.totals)
        XCTAssertGreaterThan(without.totals.rejects, 0)
    }
}
