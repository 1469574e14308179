import XCTest
@testable import EarshotCore

final class TextScannerTests: XCTestCase {
    func testURLsStopAtWhiteSpaceAndLoseTrailingPunctuation() {
        XCTAssertEqual(TextScanner.urls(in: "See http://a.org/x. and (https://b.org/y?q=1), www.c.org!"),
                       ["http://a.org/x", "https://b.org/y?q=1", "www.c.org"])
        XCTAssertEqual(TextScanner.urls(in: "quote \"https://d.org/'\"' end"), ["https://d.org/"])
        XCTAssertEqual(TextScanner.urls(in: "no link: http:// alone, www. either"), [])
        XCTAssertEqual(TextScanner.urls(in: "twice http://a.org http://a.org"), ["http://a.org"])
    }

    func testHostIsLowerCasedWithoutPortAndWww() {
        XCTAssertEqual(TextScanner.host(of: "https://WWW.RedCross.org:8080/give?x=1"), "redcross.org")
        XCTAssertEqual(TextScanner.host(of: "www.example.com/path"), "example.com")
        XCTAssertEqual(TextScanner.host(of: "HTTPS://Www.Example.COM"), "example.com")
        XCTAssertEqual(TextScanner.host(of: "https://user@ÉCOLE.example.fr/x"), "école.example.fr")
        XCTAssertEqual(TextScanner.host(of: "wwwx.example.com"), "wwwx.example.com")
        XCTAssertEqual(TextScanner.host(of: "http://news.redcross.org#top"), "news.redcross.org")
        XCTAssertEqual(TextScanner.host(of: "https://user@host.org/x"), "host.org")
        XCTAssertEqual(TextScanner.host(of: "HTTPS://WWW.Bücher.DE/"), "bücher.de")
        XCTAssertEqual(TextScanner.host(of: "https://t.co"), "t.co")
        XCTAssertEqual(TextScanner.host(of: "example.org/a://b"), "example.org")
    }

    func testMentionsNeedNoWordCharacterBefore() {
        XCTAssertEqual(TextScanner.mentions(in: "Hi @Alice, mail info@redcross.org and .@Bob_2 é@carol"), ["alice", "bob_2"])
        XCTAssertEqual(TextScanner.mentions(in: "read https://medium.com/@writer/post by @Editor"), ["editor"])
    }

    func testHashtagsTakeUnicodeLettersAndDigits() {
        XCTAssertEqual(TextScanner.hashtags(in: "#Donate now #Día_2 a#b #! ##x"), ["Donate", "Día_2", "x"])
    }

    func testBodyLowerCasesRemovesURLsAndRetweetPrefixAndFoldsQuotes() {
        XCTAssertEqual(bodyText("  RT @Someone: Don\u{2019}t MISS http://t.co/x!"), " don't miss  !")
        XCTAssertEqual(bodyText("rt @someone: lower-case rt stays"), "rt @someone: lower-case rt stays")
        XCTAssertEqual(bodyText("\u{201C}Quoted\u{201D} \u{2032}"), "\"quoted\" '")
    }

    func testBodyOfReplyDropsTheRunOfLeadingMentions() {
        XCTAssertEqual(bodyText("@a, @b: @c thanks @d", stripMentions: true), " thanks @d")
        XCTAssertEqual(bodyText("@a thanks", stripMentions: false), "@a thanks")
        XCTAssertEqual(bodyText("RT @x: @y hi", stripMentions: true), " hi")
    }
}
