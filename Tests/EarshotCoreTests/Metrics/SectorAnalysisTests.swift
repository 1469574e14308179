import XCTest
@testable import EarshotCore

final class SectorAnalysisTests: XCTestCase {
    func testSectorRowsAreAlwaysPresentAndUnregisteredOnlyWhenNeeded() {
        let result = SectorAnalysis.analyze(OrgFixtures.all, registry: OrgFixtures.registry)
        XCTAssertEqual(result.sectors.map(\.fields), [
            ["commercial", "1", "0", "0", "", "", "", "", "", "", "", ""],
            // redcross and unicefusa: pooled 3/9, 4/9, 2/9; medians of [0, 2/7], [0, 3/7], [0.006].
            ["nonprofit", "2", "2", "9", "0.3333", "0.4444", "0.2222", "0.1429", "0.2143", "0.0060", "2020-01-05", "2020-01-05"],
            ["other", "0", "0", "0", "", "", "", "", "", "", "", ""],
            ["public", "1", "0", "0", "", "", "", "", "", "", "", ""],
            ["unregistered", "0", "1", "2", "1.0000", "0.0000", "0.0000", "0.0000", "0.0000", "0.0429", "2021-06-01", "2021-06-01"],
        ])
        let registeredOnly = SectorAnalysis.analyze(OrgFixtures.all.filter { $0.sector != .unregistered }, registry: OrgFixtures.registry)
        XCTAssertEqual(registeredOnly.sectors.map(\.sector), [.commercial, .nonprofit, .other, .public])
    }

    func testMedianAdoptionTakesTheEarlierMiddleDate() {
        let orgs = ["a": "2020-05-01", "b": "2020-01-01", "c": "2020-09-01", "d": "2020-03-01"].map { handle, day in
            OrgAnalysis.analyze(handle: handle, posts: [post("1", "x", org: handle, at: day + "T00:00:00Z")],
                                organization: Organization(handle: handle, sector: .other), lexicon: .builtin)
        }
        let registry = Registry(["a", "b", "c", "d"].map { Organization(handle: $0, sector: .other) })
        let other = SectorAnalysis.analyze(orgs, registry: registry).sectors.first { $0.sector == .other }
        XCTAssertEqual(other?.firstAdoption?.description, "2020-01-01")
        XCTAssertEqual(other?.medianAdoption?.description, "2020-03-01")
    }

    func testSectorMonthsCoverTheWholeRun() {
        let result = SectorAnalysis.analyze(OrgFixtures.all, registry: OrgFixtures.registry)
        XCTAssertEqual(result.months.count, 5 * 18)  // 2020-01 to 2021-06
        let nonprofit = result.months.filter { $0.sector == .nonprofit }.prefix(6).map(\.fields)
        XCTAssertEqual(Array(nonprofit), [
            ["nonprofit", "2020-01", "1", "1", "0.5000", "2", ""],          // the first month has no growth
            ["nonprofit", "2020-02", "1", "2", "1.0000", "1", "-0.5000"],
            ["nonprofit", "2020-03", "1", "2", "1.0000", "5", "4.0000"],
            ["nonprofit", "2020-04", "1", "2", "1.0000", "1", "-0.8000"],
            ["nonprofit", "2020-05", "0", "2", "1.0000", "0", "-1.0000"],
            ["nonprofit", "2020-06", "0", "2", "1.0000", "0", ""],           // after a month without posts
        ])
        let unregistered = result.months.filter { $0.sector == .unregistered }
        XCTAssertEqual(unregistered.last?.fields, ["unregistered", "2021-06", "1", "1", "", "2", ""])
        XCTAssertEqual(result.months.first { $0.sector == .other }?.fields, ["other", "2020-01", "0", "0", "", "0", ""])
        XCTAssertEqual(result.months.first { $0.sector == .public }?.fields, ["public", "2020-01", "0", "0", "0.0000", "0", ""])
    }

    func testNoPostsAtAllGivesNoMonths() {
        let result = SectorAnalysis.analyze([OrgFixtures.analyze("quietorg", [], OrgFixtures.quiet)], registry: OrgFixtures.registry)
        XCTAssertTrue(result.months.isEmpty)
        XCTAssertEqual(result.sectors.count, 4)
    }
}
