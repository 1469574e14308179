import Foundation
import XCTest
@testable import EarshotCore
@testable import EarshotSample

/// The generator's parts: randomness, dates, ids, escaping, options.
final class SamplePartsTests: XCTestCase {
    func testSplitMix64MatchesTheReferenceSequence() {
        // The published first outputs of SplitMix64 seeded with 0.
        var state: UInt64 = 0
        var outputs: [UInt64] = []
        for _ in 0..<3 {
            outputs.append(splitMix64(state))
            state = state &+ 0x9E37_79B9_7F4A_7C15
        }
        XCTAssertEqual(outputs, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    func testStreamsAreReproducibleAndIndependent() {
        var a = SampleRandom(seed: 9, stream: 1)
        var b = SampleRandom(seed: 9, stream: 1)
        var c = SampleRandom(seed: 9, stream: 2)
        let first = (0..<5).map { _ in a.next() }
        XCTAssertEqual(first, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(first, (0..<5).map { _ in c.next() })
        var r = SampleRandom(seed: 1)
        for _ in 0..<1000 {
            let x = r.int(3...7)
            XCTAssertTrue((3...7).contains(x))
            let u = r.unit()
            XCTAssertTrue(u >= 0 && u < 1)
        }
    }

    func testExpAndLogAgreeWithTheLibrary() {
        for x in [1e-9, 0.001, 0.3, 1, 2, 2.718281828459045, 10, 1234.5, 1e12] {
            XCTAssertEqual(SampleMath.log(x), Foundation.log(x), accuracy: abs(Foundation.log(x)) * 1e-13 + 1e-15, "\(x)")
        }
        for x in [-30.0, -1, -0.001, 0, 0.5, 1, 7.25, 100] {
            XCTAssertEqual(SampleMath.exp(x), Foundation.exp(x), accuracy: Foundation.exp(x) * 1e-13, "\(x)")
        }
        XCTAssertEqual(SampleMath.pow(2, 10), 1024, accuracy: 1e-9)
    }

    func testCalendarRoundTripsAndWeekdays() {
        // 2015-08-22 22:45:29 UTC is 1440283529, a Saturday.
        let t = SampleCalendar.seconds(year: 2015, month: 8, day: 22, hour: 22, minute: 45, second: 29)
        XCTAssertEqual(t, 1_440_283_529)
        let c = SampleCalendar.civil(t)
        XCTAssertEqual([c.year, c.month, c.day, c.hour, c.minute, c.second, c.weekday], [2015, 8, 22, 22, 45, 29, 6])
        XCTAssertEqual(SampleCalendar.days(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(SampleCalendar.civil(SampleCalendar.seconds(year: 2012, month: 2, day: 29)).day, 29)
        XCTAssertEqual(SampleCalendar.daysInMonth(year: 2000, month: 2), 29)
        XCTAssertEqual(SampleCalendar.daysInMonth(year: 1900, month: 2), 28)
        XCTAssertEqual(SampleCalendar.nextMonthStart(SampleCalendar.seconds(year: 2013, month: 12, day: 31, hour: 5)),
                       SampleCalendar.seconds(year: 2014, month: 1, day: 1))
    }

    func testTimestampsInEveryExportForm() {
        // Sunday 4 May 2008, 21:59:52 UTC.
        let t = SampleCalendar.seconds(year: 2008, month: 5, day: 4, hour: 21, minute: 59, second: 52)
        func render(_ f: (inout SampleBytes) -> Void) -> String { var b = SampleBytes(); f(&b); return b.string }
        XCTAssertEqual(render { $0.appendArchiveTime(t) }, "2008-05-04 21:59:52 +0000")
        XCTAssertEqual(render { $0.appendAnalyticsTime(t) }, "2008-05-04 21:59 +0000")
        XCTAssertEqual(render { $0.appendAPITime(t) }, "Sun May 04 21:59:52 +0000 2008")
        XCTAssertEqual(render { $0.appendISOMillis(t, millis: 7) }, "2008-05-04T21:59:52.007Z")
        XCTAssertEqual(render { $0.appendRFC822(t) }, "Sun, 04 May 2008 21:59:52 +0000")
        XCTAssertEqual(render { $0.appendXAnalyticsDate(t) }, "Sun, May 4, 2008")
        XCTAssertEqual(render { $0.appendPythonTime(t) }, "2008-05-04 21:59:52+00:00")
        XCTAssertEqual(render { $0.appendCompactDate(t) }, "20080504")
    }

    func testStatusIdsAreSnowflakesFromNovember2010() {
        // A real id: 1440716895355764743 was created at 2021-09-22T16:37:29 UTC.
        let real: UInt64 = 1_440_716_895_355_764_743
        XCTAssertEqual(Int64(real >> 22) + 1_288_834_974_657, 1_632_328_649_735)
        let t = SampleCalendar.seconds(year: 2021, month: 9, day: 22, hour: 16, minute: 37, second: 29)
        let id = SampleTimeline.statusId(seconds: t, millis: 735, worker: 5, sequence: 9)
        XCTAssertEqual(Int64(id >> 22) + 1_288_834_974_657, t * 1000 + 735)
        XCTAssertEqual((id >> 12) & 0x3FF, 5)
        XCTAssertEqual(id & 0xFFF, 9)
        // Before snowflakes: sequential, about 200 a second from March 2006 (28 billion by late 2010).
        let old = SampleTimeline.statusId(seconds: SampleCalendar.seconds(year: 2010, month: 10, day: 22), millis: 0,
                                          worker: 5, sequence: 3)
        XCTAssertTrue((25_000_000_000...32_000_000_000).contains(old), "\(old)")
    }

    func testTimelineIsOrderedAndInsideTheOrganizationsLife() {
        let world = SampleWorld(options: SampleOptions(orgs: 4, postsPerOrg: 500, seed: 5))
        let org = world.orgs[0]
        let timeline = SampleTimeline(org: org, seed: 5)
        var previous = Int64.min
        var ids: Set<UInt64> = []
        for i in 0..<timeline.count {
            let t = timeline.time(of: i).seconds
            XCTAssertGreaterThanOrEqual(t, previous)
            XCTAssertTrue(t >= org.firstPost && t <= org.lastPost)
            previous = t
            XCTAssertTrue(ids.insert(timeline.id(of: i)).inserted)
        }
        XCTAssertEqual(timeline.time(of: 17).seconds, SampleTimeline(org: org, seed: 5).time(of: 17).seconds)
    }

    func testEscapingForEachExport() {
        let text = Array("Fish & chips <3 at the café\nnext".utf8)
        var html = SampleBytes()
        html.appendText(text, html: true)
        XCTAssertEqual(html.string, "Fish &amp; chips &lt;3 at the café\nnext")
        var numeric = SampleBytes()
        numeric.appendText(text, html: true, numericNonASCII: true)
        XCTAssertEqual(numeric.string, "Fish &amp; chips &lt;3 at the caf&#233;\nnext")
        var twarc = SampleBytes()
        twarc.appendText(text, html: true, backslashNewlines: true)
        XCTAssertEqual(twarc.string, "Fish &amp; chips &lt;3 at the café\\nnext")
        var xml = SampleBytes()
        xml.appendText(Array("A & B 🎉".utf8), html: true, numericNonASCII: true, xml: true)
        XCTAssertEqual(xml.string, "A &amp;amp; B &#127881;")
        var csv = SampleBytes()
        csv.appendQuotedField("say \"hi\"")
        csv.append(0x2C)
        csv.appendMinimalField("plain")
        csv.append(0x2C)
        csv.appendMinimalField("a,b")
        XCTAssertEqual(csv.string, "\"say \"\"hi\"\"\",plain,\"a,b\"")
        var grouped = SampleBytes()
        grouped.appendGrouped(1_234_567)
        XCTAssertEqual(grouped.string, "1,234,567")
    }

    func testTemplatesParseSlotsAndKeepText() {
        let template = SampleTemplate("Join us {when} at {Place}! {own:events} {unknown}")
        var slots: [SampleSlot] = []
        var capitalized: [Bool] = []
        var text = ""
        for part in template.parts {
            switch part {
            case let .text(bytes): text += String(decoding: bytes, as: UTF8.self)
            case let .slot(slot, cap): slots.append(slot); capitalized.append(cap)
            }
        }
        XCTAssertEqual(slots, [.when, .place, .own(.events)])
        XCTAssertEqual(capitalized, [false, true, false])
        XCTAssertEqual(text, "Join us  at !  {unknown}")
    }

    func testOptionsAreChecked() throws {
        let folder = SampleTestFiles.temporaryFolder("options")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertThrowsError(try SampleGenerator(options: SampleOptions(orgs: 0)).write(to: folder)) { error in
            XCTAssertEqual(error as? SampleError, .invalidOption("--orgs must be at least 1"))
        }
        XCTAssertThrowsError(try SampleGenerator(options: SampleOptions(formats: [])).write(to: folder)) { error in
            XCTAssertEqual(error as? SampleError, .invalidOption("--formats names no format"))
        }
        XCTAssertEqual(SampleGenerator.supportedFormats, Set(ExportFormat.allCases), "every format the readers support")
        _ = try SampleGenerator(options: SampleOptions(orgs: 2, postsPerOrg: 5)).write(to: folder)
        XCTAssertThrowsError(try SampleGenerator(options: SampleOptions(orgs: 2, postsPerOrg: 5)).write(to: folder)) { error in
            XCTAssertEqual(error as? SampleError, .outputExists(path: folder + "/organizations.csv"))
        }
        let replaced = try SampleGenerator(options: SampleOptions(orgs: 2, postsPerOrg: 5, replaceExisting: true)).write(to: folder)
        XCTAssertEqual(replaced.registryOrganizations, 2)
    }

    func testASubsetOfFormatsStillCarriesEveryPost() throws {
        let folder = SampleTestFiles.temporaryFolder("subset")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stats = try SampleGenerator(options: SampleOptions(orgs: 4, postsPerOrg: 60, seed: 3, formats: [.twarc2]))
            .write(to: folder)
        XCTAssertEqual(Set(stats.records.keys), [.twarc2])
        XCTAssertEqual(stats.records[.twarc2], stats.posts)
        XCTAssertEqual(stats.posts, 4 * 60 + 60 / 3, "every registry organization's posts, and the unregistered one's")
        let files = SampleTestFiles.tree(folder)
        XCTAssertTrue(files.allSatisfy { $0 == "organizations.csv" || $0.hasPrefix("exports/collections/twarc2-") }, "\(files)")

        let xmlFolder = SampleTestFiles.temporaryFolder("subset-xml")
        defer { try? FileManager.default.removeItem(atPath: xmlFolder) }
        let xml = try SampleGenerator(options: SampleOptions(orgs: 2, postsPerOrg: 30, seed: 3, formats: [.apiXML, .legacyArchive]))
            .write(to: xmlFolder)
        XCTAssertEqual(Set(xml.records.keys), [.apiXML, .legacyArchive])
        XCTAssertEqual(xml.posts, 2 * 30, "the archive covers everything; the unregistered org has no archive or API dump")
    }
}

extension SamplePartsTests {
    /// A slot the engine does not know would be written into posts as `{name}`.
    func testEveryBuiltInTemplateUsesKnownSlotsOnly() {
        let book = SampleTemplateBook()
        var templates = book.families.flatMap { $0 } + book.achievements
        for theme in book.themes {
            templates += theme.topics + theme.notices + theme.facts + theme.events + theme.things + theme.places
            templates += theme.questions + theme.thanksFor + theme.appeals + theme.news + theme.answers
        }
        XCTAssertGreaterThan(templates.count, 500)
        for template in templates {
            for part in template.parts {
                if case let .text(bytes) = part {
                    XCTAssertFalse(bytes.contains(0x7B), String(decoding: bytes, as: UTF8.self))
                }
            }
        }
    }
}
