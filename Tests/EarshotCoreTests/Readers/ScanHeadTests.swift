import Foundation
import XCTest
@testable import EarshotCore

/// The scan reads the first 6 KiB of a file and settles format and owner there when it can
/// (`ContentHead`, `FormatDetector.settledFormat`, `ExportReader.organization(of:)`). Whatever it
/// settles must be what the whole 64 KiB head gives (`detect` plus the first post's owner).
final class ScanHeadTests: XCTestCase {
    private var scratch: OperationsCorpus!

    override func setUpWithError() throws { scratch = try OperationsCorpus(emptyNamed: "scanhead") }
    override func tearDown() { scratch = nil }

    private static let analyticsHeader = #""Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate","retweets","replies","likes""#
    private static let legacyHeader = #""tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text","retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls""#

    private func analyticsRow(_ i: Int, account: String = "RedCross", badID: Bool = false) -> String {
        let id = badID ? "x\(i)" : "\(1000 + i)"
        return #""\#(id)","https://twitter.com/\#(account)/status/\#(1000 + i)","Post number \#(i): help us donate today","2016-12-23 18:50 +0000","1234.0","56.0","0.045","7.0","2.0","18.0""#
    }

    private func legacyRow(_ i: Int, badTime: Bool = false) -> String {
        let time = badTime ? "23/12/2016" : "2016-12-23 18:50:00 +0000"
        let fields = ["\(2000 + i)", "", "", time, "web", "Post number \(i) about our food bank", "", "", "", ""]
        return fields.map { "\"\($0)\"" }.joined(separator: ",")
    }

    /// Writes `text` (gzipped unless told otherwise) and returns its path.
    private func write(_ name: String, _ text: String, gzip: Bool = true) throws -> String {
        let path = scratch.path(name)
        if gzip {
            let writer = try GzipFileWriter(path: path)
            try Array(text.utf8).withUnsafeBytes { try writer.write($0) }
            try writer.close()
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    /// What the scan must find, by its definition: `detect` on the whole head, the organization
    /// of the first post the whole head holds, else the file's own (no probes, no shortcuts).
    private func referenceScan(_ file: ExportFile, catalog: ReaderCatalog) throws -> (format: ExportFormat?, owner: String?) {
        let head = try InputOpener.head(file, maxBytes: catalog.headBytes)
        guard let format = FormatDetector.detect(head), let reader = catalog.reader(for: format) else { return (nil, nil) }
        if ReaderCatalog.isCollection(format) { return (format, nil) }
        var first: String? = nil
        try? reader.read(MemorySource(head), file: file) { event in
            if first == nil, case let .post(post, _) = event { first = post.org }
        }
        return (format, first ?? file.fallbackOrg)
    }

    private func assertScanMatchesReference(_ file: ExportFile, owner expected: String?, format expectedFormat: ExportFormat?,
                                            line: UInt = #line) throws {
        let catalog = ReaderCatalog()
        let reference = try referenceScan(file, catalog: catalog)
        XCTAssertEqual(reference.format, expectedFormat, "reference format", line: line)
        XCTAssertEqual(reference.owner, expected, "reference owner", line: line)
        switch catalog.scan(file) {
        case let .success(scanned):
            XCTAssertEqual(scanned.format, reference.format, line: line)
            XCTAssertEqual(scanned.owner, reference.owner, line: line)
            XCTAssertNil(scanned.unreadable, line: line)
        case let .failure(skipped):
            XCTAssertNil(reference.format, "skipped: \(skipped.skipped.reason)", line: line)
        }
    }

    func testLargeFilesSettleInTheFirstKiBWithTheWholeHeadsAnswer() throws {
        let rows = (0..<400).map { analyticsRow($0, account: "Oxfam") }
        let analytics = try write("tweet_activity_metrics_redcross_20161201_20170101_en.csv.gz",
                                  ([Self.analyticsHeader] + rows).joined(separator: "\n") + "\n")
        let file = ExportFile(path: analytics, orgFromName: "redcross")
        let head = try ContentHead(file, first: 6144)
        XCTAssertEqual(head.bytes.count, 6144)
        XCTAssertFalse(head.isWhole, "over 16 KiB of content: streamed, not inflated whole")
        XCTAssertEqual(FormatDetector.settledFormat(head.bytes), .analytics)
        XCTAssertEqual(ReaderCatalog.confirmedOwner(head.bytes, reader: AnalyticsExportReader(), file: file), "oxfam",
                       "the permalinks name the owner, not the file name")
        try assertScanMatchesReference(file, owner: "oxfam", format: .analytics)
    }

    func testOwnersFoundOnlyBeyondTheFirstKiBStillComeFromTheWholeHead() throws {
        // Forty rejects first: the 2 and 4 KiB probes confirm no post, the whole head does.
        let rows = (0..<40).map { analyticsRow($0, badID: true) } + (40..<300).map { analyticsRow($0, account: "Oxfam") }
        let path = try write("late.csv.gz", ([Self.analyticsHeader] + rows).joined(separator: "\n") + "\n")
        let file = ExportFile(path: path, orgFromPath: "redcross")
        let head = try ContentHead(file, first: 6144)
        XCTAssertNil(ReaderCatalog.confirmedOwner(head.bytes, reader: AnalyticsExportReader(), file: file))
        try assertScanMatchesReference(file, owner: "oxfam", format: .analytics)
    }

    func testAHeaderLongerThanTheFirstKiBIsDetectedFromTheWholeHead() throws {
        let extra = (0..<1200).map { "\"extra column \($0)\"" }.joined(separator: ",")
        let header = Self.analyticsHeader + "," + extra
        let rows = (0..<50).map { analyticsRow($0) + String(repeating: ",\"\"", count: 1200) }
        let path = try write("wide.csv.gz", ([header] + rows).joined(separator: "\n") + "\n")
        let file = ExportFile(path: path, orgFromPath: "redcross")
        let head = try ContentHead(file, first: 6144)
        XCTAssertNil(FormatDetector.settledFormat(head.bytes), "the header row is cut: not settled")
        try assertScanMatchesReference(file, owner: "redcross", format: .analytics)
    }

    func testLegacyArchivesBelongToTheirFolderWithoutReadingRows() throws {
        // Every row of the first 6 KiB is a reject: the owner is still the folder's organization.
        let rows = (0..<60).map { legacyRow($0, badTime: true) } + (60..<200).map { legacyRow($0) }
        let path = try write("2016_12.csv.gz", ([Self.legacyHeader] + rows).joined(separator: "\n") + "\n")
        let file = ExportFile(path: path, orgFromPath: "redcross")
        XCTAssertEqual(LegacyArchiveReader().organization(of: file), "redcross")
        try assertScanMatchesReference(file, owner: "redcross", format: .legacyArchive)
        // A folder name not in the model's form (the registry's case) is left to the rows.
        let unnormalised = ExportFile(path: path, orgFromPath: "RedCross")
        XCTAssertNil(LegacyArchiveReader().organization(of: unnormalised))
        try assertScanMatchesReference(unnormalised, owner: "redcross", format: .legacyArchive)
        let nobody = ExportFile(path: path)
        XCTAssertNil(LegacyArchiveReader().organization(of: nobody))
        try assertScanMatchesReference(nobody, owner: nil, format: .legacyArchive)
    }

    func testSmallAndPlainAndDamagedFiles() throws {
        // Under 16 KiB of content: inflated whole, so the head is the whole file.
        let small = try write("small.csv.gz", ([Self.analyticsHeader] + (0..<5).map { analyticsRow($0) }).joined(separator: "\n"))
        let smallHead = try ContentHead(ExportFile(path: small), first: 6144)
        XCTAssertTrue(smallHead.isWhole)
        try assertScanMatchesReference(ExportFile(path: small, orgFromPath: "oxfam"), owner: "redcross", format: .analytics)

        let text = ([Self.analyticsHeader] + (0..<300).map { analyticsRow($0) }).joined(separator: "\n") + "\n"
        let plain = try write("plain.csv", text, gzip: false)
        try assertScanMatchesReference(ExportFile(path: plain), owner: "redcross", format: .analytics)

        // A gzip file cut short: the content up to the damage is the head.
        let whole = try Data(contentsOf: URL(fileURLWithPath: try write("cut-source.csv.gz", text)))
        let cut = scratch.path("cut.csv.gz")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let cutHead = try ContentHead(ExportFile(path: cut), first: 6144)
        XCTAssertFalse(cutHead.isWhole)
        try cutHead.read(upTo: 1 << 20)
        XCTAssertTrue(cutHead.isWhole)
        XCTAssertEqual(cutHead.bytes, try InputOpener.head(ExportFile(path: cut), maxBytes: 1 << 20))
        XCTAssertLessThan(cutHead.bytes.count, text.utf8.count)
        XCTAssertEqual(cutHead.bytes, Array(text.utf8.prefix(cutHead.bytes.count)))
        try assertScanMatchesReference(ExportFile(path: cut), owner: "redcross", format: .analytics)

        // Not gzip from the first byte on: unreadable, as before.
        let broken = scratch.path("broken.csv.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x01, 0x02, 0x03]).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try ContentHead(ExportFile(path: broken), first: 6144))
        guard case let .success(scanned) = ReaderCatalog().scan(ExportFile(path: broken)) else { return XCTFail("not scanned") }
        XCTAssertNil(scanned.format)
        XCTAssertNotNil(scanned.unreadable)
    }

    func testAPIXMLOwnersAreThoseOfTheWholeHead() throws {
        func status(_ i: Int, _ account: String, bad: Bool = false) -> String {
            let padding = String(repeating: "<source>web</source>\n", count: 40)
            return """
                <status>
                  <created_at>\(bad ? "yesterday" : "Sun Mar 31 19:33:08 +0000 2013")</created_at>
                  <id>\(3000 + i)</id>
                  <text>Status \(i) from the food bank</text>
                \(padding)  <user><screen_name>\(account)</screen_name></user>
                </status>

                """
        }
        for (name, statuses, owner) in [
            ("one.xml", (0..<20).map { status($0, "Oxfam") }, "oxfam"),
            ("late.xml", (0..<3).map { status($0, "Oxfam", bad: true) } + (3..<20).map { status($0, "RedCross") }, "redcross"),
            ("short.xml", [status(0, "Oxfam")], "oxfam"),
        ] {
            let path = try write(name, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statuses type=\"array\">\n"
                                     + statuses.joined() + "</statuses>\n", gzip: false)
            try assertScanMatchesReference(ExportFile(path: path, orgFromPath: "nobody"), owner: owner, format: .apiXML)
        }
    }

    func testWhatTheFirstKiBLeaveOpen() {
        let header = Array((Self.analyticsHeader + "\n").utf8)
        let row = Array((analyticsRow(1) + "\n").utf8)
        var head = header
        while head.count < 9000 { head += row }
        XCTAssertEqual(FormatDetector.settledFormat(head), .analytics)
        XCTAssertNil(FormatDetector.settledFormat(Array(head.prefix(4000))), "fewer than the 4 KiB checked for binary bytes")
        // One stray NUL does not hide a CSV export (issue 18: its row is a reject); more than
        // `maxStrayNULs` in the first 4 KiB is binary content.
        var stray = head
        stray[3000] = 0
        XCTAssertEqual(FormatDetector.settledFormat(stray), .analytics)
        XCTAssertEqual(FormatDetector.detect(stray), .analytics)
        var binary = head
        for i in 0...FormatDetector.maxStrayNULs { binary[3000 + 7 * i] = 0 }
        XCTAssertNil(FormatDetector.settledFormat(binary))
        XCTAssertNil(FormatDetector.detect(binary))
        XCTAssertNil(FormatDetector.settledFormat(Array(header.dropLast()) + Array(repeating: UInt8(ascii: " "), count: 5000)),
                     "a header row with nothing after it may go on")
        XCTAssertNil(FormatDetector.settledFormat(Array("<?xml version=\"1.0\"?><statuses>".utf8) + Array(repeating: UInt8(ascii: " "), count: 5000)))
        XCTAssertNil(FormatDetector.settledFormat(Array("window.YTD.tweets.part0 = [".utf8) + Array(repeating: UInt8(ascii: " "), count: 5000)))
    }
}
