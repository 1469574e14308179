import Dispatch
import Foundation
import XCTest
@testable import EarshotCore

/// Hands out at most `step` bytes per read: chunk boundaries in awkward places.
final class TrickleSource: ByteSource {
    private let bytes: [UInt8]
    private let step: Int
    private var position = 0

    init(_ bytes: [UInt8], step: Int) {
        self.bytes = bytes
        self.step = step
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - position)
        for i in 0..<n { buffer[i] = bytes[position + i] }
        position += n
        return n
    }
}

/// Gives its bytes, then fails like a damaged gzip stream.
final class FailingSource: ByteSource {
    private let inner: MemorySource
    init(_ text: String) { inner = MemorySource(text) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(into: buffer)
        if n == 0 { throw InputError.truncatedGzip(file: "feed.xml.gz", offset: 99) }
        return n
    }
}

/// One line per node: `depth kind name/text`.
func trace(_ reader: XMLStreamReader) throws -> [String] {
    var lines: [String] = []
    while try reader.next() {
        switch reader.nodeType {
        case .element: lines.append("\(reader.depth) <\(reader.localName)\(reader.isEmptyElement ? "/" : "")>")
        case .endElement: lines.append("\(reader.depth) </\(reader.localName)>")
        case .text: lines.append("\(reader.depth) \(reader.text.debugDescription)")
        }
    }
    return lines
}

final class XMLStreamReaderTests: ScratchTestCase {
    private func reader(_ xml: String) throws -> XMLStreamReader {
        try XMLStreamReader(source: MemorySource(xml), fileName: "test.xml")
    }

    func testNodesDepthsAndEmptyElements() throws {
        let xml = "<?xml version=\"1.0\"?>\n<statuses type=\"array\"><status><id>1</id><geo/><place></place></status></statuses>"
        XCTAssertEqual(try trace(reader(xml)), [
            "0 <statuses>", "1 <status>", "2 <id>", "3 \"1\"", "2 </id>", "2 <geo/>", "2 <place/>",
            "1 </status>", "0 </statuses>",
        ])
    }

    func testEntitiesNumericReferencesAndCDATA() throws {
        let r = try reader("""
            <s><text>Fish &amp; chips &lt;3 &quot;caf&#233;&quot; &apos;&#x1F600;&apos; &#10026;</text>\
            <d><![CDATA[<p>raw & ready</p>]]> and more</d></s>
            """)
        XCTAssertTrue(try r.next())
        XCTAssertTrue(try r.next())
        XCTAssertEqual(r.localName, "text")
        XCTAssertEqual(try r.readElementText(), "Fish & chips <3 \"café\" '😀' ✪")
        XCTAssertEqual(r.nodeType, .endElement)
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), "<p>raw & ready</p> and more")
    }

    func testTwitterDoubleEscapingIsLeftForTheReader() throws {
        // `&amp;amp;` in the file is `&amp;` after XML: HTML entities are decoded later, once.
        let r = try reader("<text>AT&amp;amp;T &amp;lt;3</text>")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), "AT&amp;T &lt;3")
    }

    func testReadElementTextConcatenatesTheSubtreeAndLandsOnTheEnd() throws {
        let r = try reader("<r><a> x <b>inner<c/></b> y </a><z/></r>")
        XCTAssertTrue(try r.next())
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), " x inner y ")
        XCTAssertEqual(r.nodeType, .endElement)
        XCTAssertEqual(r.localName, "a")
        XCTAssertEqual(r.depth, 1)
        XCTAssertTrue(try r.next())
        XCTAssertEqual(r.localName, "z")
        XCTAssertEqual(try r.readElementText(), "")
        XCTAssertTrue(try r.next())
        XCTAssertFalse(try r.next())
    }

    func testSkipElement() throws {
        let r = try reader("<r><user><name>x</name><id>5</id></user><id>7</id></r>")
        XCTAssertTrue(try r.next())
        XCTAssertTrue(try r.next())
        try r.skipElement()
        XCTAssertTrue(try r.next())
        XCTAssertEqual(r.localName, "id")
        XCTAssertEqual(try r.readElementText(), "7")
    }

    func testAttributesAreDecoded() throws {
        let r = try reader("<link rel=\"alternate\" href=\"https://a.org/x?a=1&amp;b=2&#38;c=&lt;3&#233;\"/>")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(r.attribute("rel"), "alternate")
        XCTAssertEqual(r.attribute("href"), "https://a.org/x?a=1&b=2&c=<3é")
        XCTAssertNil(r.attribute("type"))
        XCTAssertTrue(r.isEmptyElement)
    }

    /// The ampersand of an attribute is restored on the bytes, with the text around it kept as
    /// written: an escaped `&#38;` stays literal, a value ending in `&` and short values too.
    func testAttributeAmpersandsOnBytes() throws {
        let r = try reader("<a x=\"&amp;#38;\" y=\"Caf\u{E9} &amp; b\u{FC}ro &amp;\" z=\"&amp;\" w=\"&amp;&amp;\" v=\"#38;\"/>")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(r.attribute("x"), "&#38;")
        XCTAssertEqual(r.attribute("y"), "Caf\u{E9} & b\u{FC}ro &")
        XCTAssertEqual(r.attribute("z"), "&")
        XCTAssertEqual(r.attribute("w"), "&&")
        XCTAssertEqual(r.attribute("v"), "#38;")
    }

    func testNamespaces() throws {
        let r = try reader("""
            <rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\
            <atom:link href="h"/><dc:creator>@x</dc:creator><link>l</link><media:content/></rss>
            """)
        var seen: [String] = []
        while try r.next() {
            if r.nodeType == .element { seen.append("\(r.prefix ?? "-") \(r.localName) \(r.namespaceURI ?? "-")") }
        }
        XCTAssertEqual(seen, [
            "- rss -", "atom link http://www.w3.org/2005/Atom", "dc creator http://purl.org/dc/elements/1.1/",
            "- link -",
            // An undeclared prefix is a namespace error, not a fatal one: the element is kept.
            "media content -",
        ])
    }

    func testMalformedXMLGivesEarlierNodesThenAnErrorWithLineAndColumn() throws {
        let r = try reader("<statuses>\n<status><id>1</id></status>\n<status><id>2</oops></status>\n</statuses>\n")
        var ids: [String] = []
        XCTAssertThrowsError(try {
            while try r.next() {
                if r.nodeType == .element && r.localName == "id" { ids.append(try r.readElementText()) }
            }
        }()) { error in
            guard let error = error as? XMLReadError else { return XCTFail("got \(error)") }
            XCTAssertEqual(error.file, "test.xml")
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.column, 21)  // just past `</oops>`, where libxml2 noticed
            XCTAssertTrue(error.message.contains("mismatch"), error.message)
            XCTAssertTrue(error.description.hasPrefix("test.xml:3:21: malformed XML: "), error.description)
        }
        XCTAssertEqual(ids, ["1"])
        // The error stays: a reader that keeps asking does not run past the damage.
        XCTAssertThrowsError(try r.next())
    }

    func testUnclosedDocumentIsAnError() throws {
        let r = try reader("<a><b>text</b>")
        XCTAssertThrowsError(try trace(r)) { error in
            XCTAssertTrue(error is XMLReadError, "\(error)")
        }
    }

    func testEmptyDocumentIsAnError() throws {
        XCTAssertThrowsError(try trace(reader(""))) { error in
            guard let error = error as? XMLReadError else { return XCTFail("got \(error)") }
            XCTAssertEqual(error.line, 1)
        }
    }

    func testSourceErrorsAreRethrownAfterEarlierNodes() throws {
        let xml = "<r>" + String(repeating: "<s>x</s>", count: 20_000)
        let r = try XMLStreamReader(source: FailingSource(xml), fileName: "feed.xml.gz")
        var count = 0
        XCTAssertThrowsError(try {
            while try r.next() { if r.nodeType == .element && r.localName == "s" { count += 1 } }
        }()) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: "feed.xml.gz", offset: 99))
        }
        XCTAssertEqual(count, 20_000)
    }

    func testSourceErrorWithinTheFirstBytesKeepsThem() throws {
        let r = try XMLStreamReader(source: FailingSource("<r><s>one</s><s>two</s>"), fileName: "feed.xml.gz")
        var texts: [String] = []
        XCTAssertThrowsError(try {
            while try r.next() { if r.nodeType == .element && r.localName == "s" { texts.append(try r.readElementText()) } }
        }()) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: "feed.xml.gz", offset: 99))
        }
        XCTAssertEqual(texts, ["one", "two"])
        let empty = try XMLStreamReader(source: FailingSource(""), fileName: "feed.xml.gz")
        XCTAssertThrowsError(try empty.next()) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: "feed.xml.gz", offset: 99))
        }
    }

    func testXMLThroughGzip() throws {
        let path = scratch.appendingPathComponent("t.xml.gz").path
        let writer = try GzipFileWriter(path: path)
        try writer.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statuses>\n")
        for i in 0..<3000 { try writer.write("<status><id>\(i)</id><text>caf&#233; \(i)</text></status>\n") }
        try writer.write("</statuses>\n")
        try writer.close()
        let r = try XMLStreamReader(source: InputOpener.open(path: path), fileName: path)
        var texts: [String] = []
        var lastLine = 0
        while try r.next() {
            if r.nodeType == .element && r.localName == "text" { texts.append(try r.readElementText()) }
            if r.nodeType == .element && r.localName == "status" { lastLine = r.line }
        }
        XCTAssertEqual(texts.count, 3000)
        XCTAssertEqual(texts.last, "café 2999")
        XCTAssertEqual(lastLine, 3002)
    }

    func testLineNumbersStayExactPast65535Lines() throws {
        var xml = "<statuses>\n"
        for i in 0..<40_000 { xml += "<status>\n<id>\(i)</id>\n</status>\n" }
        xml += "</statuses>\n"
        let r = try reader(xml)
        var lines: [Int] = []
        while try r.next() { if r.nodeType == .element && r.localName == "status" { lines.append(r.line) } }
        XCTAssertEqual(lines.count, 40_000)
        XCTAssertEqual(lines[0], 2)
        XCTAssertEqual(lines[39_999], 2 + 3 * 39_999)
    }

    func testSplitMultibyteCharactersAndCRLF() throws {
        let xml = "<a>\r\nzürich → 😀</a>"
        let r = try XMLStreamReader(source: TrickleSource(Array(xml.utf8), step: 1), fileName: "t.xml")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), "\nzürich → 😀")
        XCTAssertEqual(r.replacedCharacters, 0)
    }

    func testInvalidUTF8AndControlCharactersAreReplaced() throws {
        var bytes = Array("<a>ok ".utf8)
        bytes += [0xC3, 0x28]      // a lead byte without its continuation
        bytes += [0x01]            // C0 control: not allowed in XML 1.0
        bytes += [0xE2, 0x82]      // cut three-byte sequence
        bytes += Array(" fin</a>".utf8)
        let r = try XMLStreamReader(source: TrickleSource(bytes, step: 3), fileName: "t.xml")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), "ok \u{FFFD}(\u{FFFD}\u{FFFD} fin")
        XCTAssertEqual(r.replacedCharacters, 3)
    }

    func testDeclaredLatin1IsDecodedNotRepaired() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        let r = try XMLStreamReader(source: MemorySource(bytes), fileName: "t.xml")
        XCTAssertTrue(try r.next())
        XCTAssertEqual(try r.readElementText(), "café")
        XCTAssertEqual(r.replacedCharacters, 0)
    }

    func testExternalEntitiesAreNeverLoaded() throws {
        let secret = try file("secret.txt", Array("TOP-SECRET".utf8))
        let dtd = try file("ext.dtd", Array("<!ENTITY fromdtd \"DTD-SECRET\">".utf8))
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "file://\(dtd)" [
              <!ENTITY xxe SYSTEM "file://\(secret)">
              <!ENTITY inner "declared">
            ]>
            <r><a>before &xxe; after</a><b>&fromdtd;</b><c>&inner;|&inner;</c><d>&amp;&#65;</d></r>
            """
        let r = try reader(xml)
        var texts: [String: String] = [:]
        while try r.next() {
            if r.nodeType == .element && r.depth == 1 { texts[r.localName] = try r.readElementText() }
        }
        XCTAssertEqual(texts, ["a": "before  after", "b": "", "c": "declared|declared", "d": "&A"])
    }

    func testEntityWithMarkupIsNotDeclared() throws {
        let xml = "<!DOCTYPE r [<!ENTITY tagged \"<b>bold</b>\">]>\n<r><a>fine</a>\n<b>&tagged;</b></r>"
        let r = try reader(xml)
        var texts: [String] = []
        XCTAssertThrowsError(try {
            while try r.next() { if r.nodeType == .element && r.depth == 1 { texts.append(try r.readElementText()) } }
        }()) { error in
            guard let error = error as? XMLReadError else { return XCTFail("got \(error)") }
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.message.contains("'tagged' not defined"), error.message)
        }
        XCTAssertEqual(texts, ["fine"])
    }

    func testEntityExpansionIsCapped() throws {
        let value = String(repeating: "x", count: 10_000)
        let xml = "<!DOCTYPE r [<!ENTITY big \"\(value)\">]><r>" + String(repeating: "&big;", count: 2000) + "</r>"
        let r = try reader(xml)
        XCTAssertThrowsError(try { while try r.next() {} }()) { error in
            XCTAssertTrue((error as? XMLReadError)?.message.contains("16 MB") == true, "\(error)")
        }
    }

    func testBillionLaughsIsNotExpanded() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY l0 \"ha\">\n"
        for i in 1...10 { xml += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">\n" }
        xml += "]>\n<r>&l10;</r>"
        let r = try reader(xml)
        XCTAssertThrowsError(try { while try r.next() {} }()) { error in
            XCTAssertTrue((error as? XMLReadError)?.message.contains("'l10' not defined") == true, "\(error)")
        }
    }

    func testConcurrentReadersKeepTheirOwnErrors() throws {
        let documents: [(String, Int?)] = (0..<16).map { i in
            let body = String(repeating: "<s>x</s>\n", count: 200 + i)
            return i.isMultiple(of: 2) ? ("<r>\n\(body)</r>", nil) : ("<r>\n\(body)<bad></r>", 202 + i)
        }
        let results = Outcomes(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { i in
            var outcome: String
            do {
                let r = try XMLStreamReader(source: MemorySource(documents[i].0), fileName: "doc\(i).xml")
                var count = 0
                while try r.next() { if r.nodeType == .element { count += 1 } }
                outcome = "ok \(count)"
            } catch let error as XMLReadError {
                outcome = "\(error.file) \(error.line)"
            } catch {
                outcome = "other \(error)"
            }
            results.set(i, outcome)
        }
        for (i, document) in documents.enumerated() {
            if let line = document.1 {
                XCTAssertEqual(results.get(i), "doc\(i).xml \(line)")
            } else {
                XCTAssertEqual(results.get(i), "ok \(201 + i)")
            }
        }
    }
}

/// Results written from several threads.
private final class Outcomes: @unchecked Sendable {
    private var values: [String]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ i: Int, _ value: String) { lock.lock(); values[i] = value; lock.unlock() }
    func get(_ i: Int) -> String { lock.lock(); defer { lock.unlock() }; return values[i] }
}
