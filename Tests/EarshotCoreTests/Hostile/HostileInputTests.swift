import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 18: each hostile input is built here by a generator (never a committed blob) and must
/// give no crash, no hang, bounded memory, and every record counted or the file named with its
/// reason.
final class HostileInputTests: XCTestCase {
    private var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "earshot-hostile-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        _ = chmodTree(scratch)
        try? FileManager.default.removeItem(atPath: scratch)
        ResourceLimits.current = .standard
        CSVCell.neutralizesFormulas = false
    }

    private func chmodTree(_ path: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return false }
        while let item = walker.nextObject() as? String { _ = chmod(path + "/" + item, 0o755) }
        return true
    }

    // MARK: 1. YAML header map nested 5,000 deep

    func testHeaderMapNestedFiveThousandDeepIsRefusedBeforeYams() throws {
        let flow = "columns:\n  id: " + String(repeating: "[", count: 5_000) + "\n"
        XCTAssertThrowsError(try HeaderMap.parse(flow, path: "evil.yaml")) { error in
            let error = error as? HeaderMapError
            XCTAssertEqual(error?.line, 2)
            XCTAssertTrue(error?.message.contains("nested more than 64 levels") ?? false, "\(String(describing: error))")
        }
        // Block sequences opened on one line nest just as deep.
        let dashes = "columns:\n  id: x\nname:\n" + String(repeating: "- ", count: 5_000) + "x\n"
        XCTAssertThrowsError(try HeaderMap.parse(dashes, path: "evil.yaml"))
        // Indentation: each level indented one more space (past the size limit long before 5,000).
        var indented = ""
        for level in 0..<300 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        XCTAssertThrowsError(try HeaderMap.parse(indented, path: "evil.yaml")) { error in
            XCTAssertTrue("\(error)".contains("nested more than"), "\(error)")
        }
    }

    func testDeepHeaderMapBesideTheRegistryIsAnErrorNamingIt() throws {
        try FileManager.default.createDirectory(atPath: scratch + "/maps", withIntermediateDirectories: true)
        try "handle,name,sector\nacme,Acme,commercial\n".write(toFile: scratch + "/organizations.csv", atomically: true, encoding: .utf8)
        let evil = scratch + "/maps/evil.yaml"
        try ("columns:\n  id: " + String(repeating: "{a: ", count: 5_000) + "\n").write(toFile: evil, atomically: true, encoding: .utf8)
        let paths = HeaderMap.defaultPaths(besideRegistry: scratch + "/organizations.csv")
        XCTAssertEqual(paths.map { PathText($0).lastComponent }, ["evil.yaml"])
        XCTAssertThrowsError(try paths.map(HeaderMap.load)) { error in
            XCTAssertTrue("\(error)".hasPrefix(evil + ":2: header map: nested more than"), "\(error)")
        }
    }

    func testOversizedHeaderMapIsRefusedUnread() throws {
        let path = scratch + "/big.yaml"
        try Data(repeating: 0x23, count: ResourceLimits.standard.maxYAMLBytes + 1).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try HeaderMap.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("more than a header map may have"), "\(error)")
        }
    }

    func testRealHeaderMapsStillLoad() throws {
        for name in ["meta-business-suite.yaml", "sprout-social.yaml"] {
            let path = Repository.path("maps/" + name)
            XCTAssertNoThrow(try HeaderMap.load(path: path), name)
        }
    }

    // MARK: 2. XML element with 500,000 attributes

    func testElementWithHalfAMillionAttributesIsARejectInSeconds() throws {
        var xml = Array("<?xml version=\"1.0\"?>\n<statuses>\n<status ".utf8)
        xml.reserveCapacity(6_500_000)
        for i in 0..<500_000 { xml += Array("a\(i)='' ".utf8) }
        xml += Array("/>\n</statuses>\n".utf8)
        XCTAssertGreaterThan(xml.count, 5_000_000)
        let started = Date()
        let reader = try XMLStreamReader(source: MemorySource(xml), fileName: "attributes.xml")
        XCTAssertThrowsError(try { while try reader.next() {} }()) { error in
            XCTAssertTrue("\(error)".contains("an element with more than 1000 attributes"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "refused long before libxml2's pairwise check")
    }

    func testAttributesInCommentsCDATAAndValuesDoNotCount() throws {
        let many = String(repeating: "x=1 ", count: 2_000)
        let xml = "<?xml version=\"1.0\"?><!-- <a \(many)> --><r v='\(many)'><![CDATA[<b \(many)>]]><?pi \(many)?></r>"
        let reader = try XMLStreamReader(source: MemorySource(xml), fileName: "ok.xml")
        var elements = 0
        while try reader.next() { if reader.nodeType == .element { elements += 1 } }
        XCTAssertEqual(elements, 1)
    }

    func testDeepXMLIsRefused() throws {
        let xml = "<statuses>" + String(repeating: "<a>", count: 1_000) + String(repeating: "</a>", count: 1_000) + "</statuses>"
        let reader = try XMLStreamReader(source: MemorySource(xml), fileName: "deep.xml")
        XCTAssertThrowsError(try { while try reader.next() {} }()) { error in
            XCTAssertTrue("\(error)".contains("nested more than 256 deep"), "\(error)")
        }
    }

    // MARK: 3. A huge XML text node

    func testHugeXMLTextNodeIsRefusedInBoundedMemory() throws {
        let before = peakResidentMB()
        // 400 MB of text, generated as it is read: the test itself holds none of it.
        let source = GeneratedSource(prefix: "<statuses><status><text>", fill: UInt8(ascii: "a"),
                                     count: 400 << 20, suffix: "</text></status></statuses>")
        let reader = try XMLStreamReader(source: source, fileName: "huge.xml")
        let started = Date()
        XCTAssertThrowsError(try { while try reader.next() {} }()) { error in
            XCTAssertTrue("\(error)".contains("a text node longer than 16777216 bytes"), "\(error)")
        }
        XCTAssertLessThan(source.produced, 64 << 20, "stopped soon after the limit, not at the end")
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertLessThan(peakResidentMB() - before, 500)
    }

    private func peakResidentMB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    // MARK: 4. A FIFO named as an input

    func testFIFOIsRefusedInsteadOfWaitedFor() throws {
        let fifo = scratch + "/tweets.csv"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let started = Date()
        XCTAssertThrowsError(try FileSource(path: fifo)) { error in
            XCTAssertEqual(error as? InputError, .cannotOpen(file: fifo, reason: "not a regular file (a FIFO)"))
        }
        XCTAssertThrowsError(try InputOpener.open(path: fifo))
        XCTAssertFalse(ZipArchive.looksLikeZip(path: fifo))
        // Discovery lists it; reading it names the reason.
        let files = try InputDiscovery(registry: nil).files(in: [fifo])
        XCTAssertEqual(files.count, 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    // MARK: 5. One NUL in a valid CSV

    func testOneNULInACSVIsARejectedRowNotASkippedFile() throws {
        var text = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
        for i in 1...5_000 {
            text += "\(100_000 + i),,,2020-01-0\(i % 9 + 1) 10:00:00 +0000,web,post number \(i),,,,\n"
        }
        var bytes = Array(text.utf8)
        // Inside the third row's text, well within the first 4 KiB.
        let third = try XCTUnwrap(text.range(of: "post number 3,"))
        bytes[text.utf8.distance(from: text.startIndex, to: third.lowerBound) + 4] = 0
        XCTAssertLessThan(text.utf8.distance(from: text.startIndex, to: third.lowerBound), 4096)
        XCTAssertEqual(FormatDetector.detect(bytes), .legacyArchive)
        let file = ExportFile(path: "/in/acme/tweets.csv", displayPath: "acme/tweets.csv", orgFromPath: "acme")
        let outcome = try readExport({ LegacyArchiveReader(bufferSize: $0) }, bytes, file: file)
        XCTAssertEqual(outcome.posts.count, 4_999)
        XCTAssertEqual(outcome.rejects.map(\.line), [4])
        XCTAssertEqual(outcome.rejects.first?.reason, "NUL byte in the record (a damaged file?)")
        // Binary content is still binary.
        XCTAssertNil(FormatDetector.detect(Array(repeating: 0, count: 100) + bytes))
    }

    func testNULIsNeverWrittenIntoACSV() {
        XCTAssertEqual(CSVText.field("a\u{0}b"), "a\u{FFFD}b")
        XCTAssertEqual(MetricsCSV.field("a\u{0},b"), "\"a\u{FFFD},b\"")
    }

    // MARK: 6. Names that are not UTF-8, folders that cannot be read

    func testNonUTF8NamesAreReadByTheirEscapedForm() throws {
        let folder: [UInt8] = Array("caf".utf8) + [0xE9]              // Latin-1 "café"
        let name: [UInt8] = Array("t".utf8) + [0xFF] + Array(".csv".utf8)
        let folderPath = Array(scratch.utf8) + [0x2F] + folder
        XCTAssertEqual(mkdir(cString(folderPath), 0o755), 0)
        let filePath = folderPath + [0x2F] + name
        let fd = open(cString(filePath), O_WRONLY | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        _ = "hello".withCString { write(fd, $0, 5) }
        close(fd)

        let entries = DirectoryWalker.entries(under: scratch)
        XCTAssertEqual(entries, [DirectoryWalker.Entry(relative: "caf\\xE9/t\\xFF.csv")])
        let source = try FileSource(path: scratch + "/" + entries[0].relative)
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        XCTAssertEqual(Array(buffer[..<n]), Array("hello".utf8))
        // A name that really is the text `\xC3\xA9` is not turned into bytes.
        XCTAssertEqual(NativePath.bytes("a\\xC3\\xA9"), Array("a\\xC3\\xA9".utf8CString))
        XCTAssertEqual(NativePath.bytes("a\\xFF").dropLast().map { UInt8(bitPattern: $0) }, [0x61, 0xFF])
    }

    func testUnreadableFolderIsListedAsSkipped() throws {
        try FileManager.default.createDirectory(atPath: scratch + "/locked/inner", withIntermediateDirectories: true)
        try "x".write(toFile: scratch + "/open.csv", atomically: true, encoding: .utf8)
        chmod(scratch + "/locked", 0)
        defer { chmod(scratch + "/locked", 0o755) }
        if opendir(scratch + "/locked") != nil {
            throw XCTSkip("running as root: a folder without permissions can still be read")
        }
        let entries = DirectoryWalker.entries(under: scratch)
        XCTAssertEqual(entries.map(\.relative), ["open.csv", "locked"])
        XCTAssertEqual(entries.last?.skipReason, "folder not read: Permission denied")
        let files = try InputDiscovery(registry: nil).files(in: [scratch])
        XCTAssertEqual(files.first { $0.displayPath == "locked" }?.skipReason, "folder not read: Permission denied")
    }

    private func cString(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    // MARK: 7. gzip with a bad CRC or a damaged middle

    private func gzipped(rows: Int) throws -> (plain: [UInt8], path: String) {
        var text = "id,text\n"
        for i in 0..<rows { text += "\(i),row \(i) with some words to make it longer than a few bytes\n" }
        let path = scratch + "/rows-\(rows).csv.gz"
        let writer = try GzipFileWriter(path: path)
        try writer.write(text)
        try writer.close()
        return (Array(text.utf8), path)
    }

    private func readAll(_ source: ByteSource) -> (bytes: [UInt8], error: Error?) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { return (out, nil) }
                out += buffer[..<n]
            }
        } catch {
            return (out, error)
        }
    }

    func testGzipWithABadCRCDeliversEveryRowThenOneError() throws {
        let (plain, path) = try gzipped(rows: 40_000)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 8] ^= 0xFF  // the CRC-32 of the trailer
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (read, error) = readAll(try InputOpener.open(path: path))
        XCTAssertEqual(read.count, plain.count, "every byte before the trailer is delivered")
        XCTAssertEqual(read, plain)
        XCTAssertTrue("\(String(describing: error))".contains("incorrect data check"), "\(String(describing: error))")
    }

    func testGzipWithADamagedMiddleDeliversEverythingDecodedBeforeIt() throws {
        let (plain, path) = try gzipped(rows: 40_000)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        for i in (bytes.count / 2)..<(bytes.count / 2 + 64) { bytes[i] = 0xFF }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        // What zlib itself produces before it stops, one byte of output at a time.
        let reference = readAll(GzipSource(MemorySource(bytes), name: "ref", inputBufferSize: 1))
        let (read, error) = readAll(try InputOpener.open(path: path))
        XCTAssertNotNil(error)
        XCTAssertNotNil(reference.error)
        // Damaged deflate data can decode to garbage for a while before zlib notices: everything
        // zlib produced is delivered (the old code dropped the last chunk, up to 256 KB).
        XCTAssertEqual(read.count, reference.bytes.count, "nothing inflated before the damage is dropped")
        XCTAssertEqual(read, reference.bytes)
        let intact = zip(read, plain).prefix { $0 == $1 }.count
        XCTAssertGreaterThan(intact, plain.count / 3, "the rows before the damage are intact")
    }

    // MARK: 8. --out over the user's files

    func testOutputRefusesTheRegistryFolderAndForeignFolders() throws {
        let registry = scratch + "/orgs/organizations.csv"
        try FileManager.default.createDirectory(atPath: scratch + "/orgs", withIntermediateDirectories: true)
        try "handle,name,sector\n".write(toFile: registry, atomically: true, encoding: .utf8)
        try "mine".write(toFile: scratch + "/orgs/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try OutputFolder(path: scratch + "/orgs", protecting: [registry])) { error in
            XCTAssertTrue("\(error)".contains("it holds \(registry)"), "\(error)")
        }
        // Even with the registry elsewhere, a folder of the user's files is not replaced.
        XCTAssertThrowsError(try OutputFolder(path: scratch + "/orgs")) { error in
            XCTAssertTrue("\(error)".contains("holds no previous Earshot report"), "\(error)")
        }
        // A folder containing an input.
        try FileManager.default.createDirectory(atPath: scratch + "/data/exports", withIntermediateDirectories: true)
        XCTAssertThrowsError(try OutputFolder(path: scratch + "/data", protecting: [scratch + "/data/exports"]))
        XCTAssertEqual(try String(contentsOfFile: scratch + "/orgs/notes.txt", encoding: .utf8), "mine")
        XCTAssertEqual(try String(contentsOfFile: registry, encoding: .utf8), "handle,name,sector\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.contains("staging") }, [])

        // Missing, empty, and a previous report (its marker) are fine.
        let fresh = try OutputFolder(path: scratch + "/report")
        try fresh.write("summary.json", "{}")
        try fresh.commit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/report/" + OutputFolder.markerName))
        try "kept".write(toFile: scratch + "/report/README", atomically: true, encoding: .utf8)
        let again = try OutputFolder(path: scratch + "/report")
        try again.commit()
        XCTAssertEqual(try String(contentsOfFile: scratch + "/report/README", encoding: .utf8), "kept")
        try FileManager.default.createDirectory(atPath: scratch + "/empty", withIntermediateDirectories: true)
        XCTAssertNoThrow(try OutputFolder(path: scratch + "/empty"))
    }

    // MARK: Also: self-extracting zip, per-run inflate budget, formulas

    func testSelfExtractingZipIsRecognised() throws {
        let zipPath = scratch + "/plain.zip"
        try makeZip(at: zipPath, entries: ["data/tweets.js": String(repeating: "x", count: 100_000)])
        let program = Array("MZ".utf8) + [UInt8](repeating: 0x90, count: 5_000)
        let sfx = scratch + "/archive.exe"
        try Data(program + Array(Data(contentsOf: URL(fileURLWithPath: zipPath)))).write(to: URL(fileURLWithPath: sfx))
        XCTAssertTrue(ZipArchive.looksLikeZip(path: sfx))
        let entries = try ZipArchive.entries(path: sfx)
        XCTAssertEqual(entries.map(\.name), ["data/tweets.js"])
        let (read, error) = readAll(try ZipArchive.open(entries[0], archive: sfx, displayName: "archive.exe"))
        XCTAssertNil(error)
        XCTAssertEqual(read.count, 100_000)
        // A program without a zip after it is not one.
        try Data(program).write(to: URL(fileURLWithPath: scratch + "/other.exe"))
        XCTAssertFalse(ZipArchive.looksLikeZip(path: scratch + "/other.exe"))
    }

    func testInflateBudgetStopsAnArchiveThatInflatesTooMuch() throws {
        let zipPath = scratch + "/many.zip"
        var files: [String: String] = [:]
        for i in 0..<30 { files["part\(i).csv"] = String(repeating: "y", count: 200_000) }
        try makeZip(at: zipPath, entries: files)
        var limits = ResourceLimits.standard
        limits.maxInflatedBytesPerRun = 1_000_000
        ResourceLimits.current = limits
        InflateBudget.reset()
        defer { InflateBudget.reset() }
        var delivered = 0
        var refusal: Error?
        for entry in try ZipArchive.entries(path: zipPath) where refusal == nil {
            let (read, error) = readAll(try ZipArchive.open(entry, archive: zipPath, displayName: "many.zip"))
            delivered += read.count
            refusal = error
        }
        XCTAssertLessThanOrEqual(delivered, 1_000_000)
        XCTAssertGreaterThanOrEqual(delivered, 800_000)
        XCTAssertTrue("\(String(describing: refusal))".contains("--max-inflate-bytes"), "\(String(describing: refusal))")
    }

    private func makeZip(at path: String, entries: [String: String]) throws {
        // `zip` stores names in the order given; deflate makes the budget count inflated bytes.
        let staging = scratch + "/zip-src-\(UUID().uuidString.prefix(6))"
        for (name, text) in entries {
            let full = staging + "/" + name
            try FileManager.default.createDirectory(atPath: PathText(full).folder, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import os, sys, zipfile
            root, out = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
                for name in sorted(sys.argv[3:]):
                    z.write(os.path.join(root, name), name)
            """, staging, path] + entries.keys.sorted()
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testExcelSafeNeutralisesFormulasOnlyWhenAsked() {
        let cells = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1+1", "-2+3", "\tx", "\rx", "-3", "+0.5", "plain", ""]
        XCTAssertEqual(cells.map(CSVText.field), cells.map(CSVText.field(_:)))
        XCTAssertEqual(CSVText.field("=1+1"), "=1+1", "off by default: byte-exact")
        CSVCell.neutralizesFormulas = true
        XCTAssertEqual(cells.map(CSVCell.prepared),
                       ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "'+1+1", "'-2+3", "'\tx", "'\rx", "-3", "+0.5", "plain", ""])
        XCTAssertEqual(CSVText.field("=1,2"), "\"'=1,2\"")
        XCTAssertEqual(MetricsCSV.field("@x"), "'@x")
    }
}

/// Bytes made as they are read: a prefix, `count` copies of one byte, a suffix.
final class GeneratedSource: ByteSource {
    private let prefix: [UInt8]
    private let suffix: [UInt8]
    private let fill: UInt8
    private let count: Int
    private(set) var produced = 0

    init(prefix: String, fill: UInt8, count: Int, suffix: String) {
        self.prefix = Array(prefix.utf8)
        self.suffix = Array(suffix.utf8)
        self.fill = fill
        self.count = count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let total = prefix.count + count + suffix.count
        var n = 0
        while n < buffer.count && produced < total {
            let at = produced
            if at >= prefix.count && at < prefix.count + count {
                let run = min(buffer.count - n, prefix.count + count - at)
                memset(buffer.baseAddress! + n, Int32(fill), run)
                n += run
                produced += run
                continue
            }
            buffer[n] = at < prefix.count ? prefix[at] : suffix[at - prefix.count - count]
            n += 1
            produced += 1
        }
        return n
    }
}
