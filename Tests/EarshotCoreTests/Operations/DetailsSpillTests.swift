import XCTest
@testable import EarshotCore

/// Organizations' details kept on disk (`DetailsSpill` behind `OrgDetailsStore`) come back whole.
final class DetailsSpillTests: XCTestCase {
    private func details(_ zone: String, posts: Int) -> OrgDetails {
        OrgDetails(timeZone: zone,
                   hours: [OrgDetails.HourCell(weekday: 1, hour: 0, posts: posts, medianInteractions: nil),
                           OrgDetails.HourCell(weekday: 7, hour: 23, posts: 1, medianInteractions: 2.5)],
                   terms: [OrgDetails.Term(kind: .hashtag, term: "día", posts: posts, medianInteractions: 0.1),
                           OrgDetails.Term(kind: .domain, term: "example.org", posts: 1, medianInteractions: nil)],
                   withLink: OrgDetails.TermCount(posts: 3, medianInteractions: 4), withoutLink: OrgDetails.TermCount(posts: 0),
                   postLinks: ["123": "https://x.com/acme/status/123", "9": "https://bsky.app/profile/a/post/9"])
    }

    func testDetailsComeBackFromTheShelfInAnyOrder() {
        let store = OrgDetailsStore(shelf: DetailsSpill())
        let a = details("Europe/Paris", posts: 7), b = details("UTC", posts: 1)
        store.set("acme", a)
        store.set("zed", b)
        XCTAssertEqual(store["zed"], b)
        XCTAssertEqual(store["acme"], a)
        XCTAssertNil(store["nobody"])
        XCTAssertEqual(store.count, 2)
        // An organization analysed again (strays, phase 3): the last details count, once.
        let again = details("UTC", posts: 9)
        store.set("acme", again)
        XCTAssertEqual(store["acme"], again)
        XCTAssertEqual(store.count, 2)
        XCTAssertNil(store.shelfFailure)
    }

    func testAShelfThatCannotWriteKeepsTheDetailsInMemory() {
        let store = OrgDetailsStore(shelf: DetailsSpill(folder: "/nonexistent-folder-for-earshot-tests"))
        let a = details("UTC", posts: 2)
        store.set("acme", a)
        XCTAssertEqual(store["acme"], a)
        XCTAssertEqual(store.count, 1)
    }
}
