import XCTest
@testable import EarshotCore

final class RegistryTimezoneTests: XCTestCase {
    func testTimezoneIsAnOptionalIANAName() throws {
        let registry = try RegistryLoader.load(MemorySource("handle,sector,timezone\nacme,public,Europe/Berlin\nbeta,public,\n"), name: "organizations.csv")
        XCTAssertEqual(registry.organization("acme")?.timezone, "Europe/Berlin")
        XCTAssertNil(registry.organization("beta")?.timezone)
        XCTAssertThrowsError(try RegistryLoader.load(MemorySource("handle,sector,timezone\nacme,public,Mars/Olympus\n"), name: "organizations.csv")) { error in
            XCTAssertTrue("\(error)".contains("organizations.csv:2"), "\(error)")
            XCTAssertTrue("\(error)".contains("Mars/Olympus"), "\(error)")
        }
    }
}
