import XCTest
@testable import EarshotCore

final class HTMLTextTests: XCTestCase {
    func testParagraphsLinksAndEntities() {
        let result = HTMLText.extract(
            "<p>Hello &amp; welcome, caf&eacute; &#233;</p><p>Read <a href=\"https://example.org/x?a=1&amp;b=2\">this</a>.</p>")
        XCTAssertEqual(result.text, "Hello & welcome, café é\n\nRead this.")
        XCTAssertEqual(result.links, ["https://example.org/x?a=1&b=2"])
    }

    func testMastodonMentionsHashtagsAndHiddenURLParts() {
        let html = """
            <p><span class="h-card"><a href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span> \
            new report <a href="https://mastodon.social/tags/Climate" class="mention hashtag" rel="tag">#<span>Climate</span></a> \
            <a href="https://example.org/reports/2023/annual" target="_blank" rel="nofollow noopener noreferrer">\
            <span class="invisible">https://</span><span class="ellipsis">example.org/reports/20</span>\
            <span class="invisible">23/annual</span></a></p>
            """
        let result = HTMLText.extract(html)
        XCTAssertEqual(result.text, "@bob new report #Climate https://example.org/reports/2023/annual")
        XCTAssertEqual(result.links, ["https://example.org/reports/2023/annual"])
    }

    func testNitterStyleAnchorsForMentionsAreNotLinks() {
        let result = HTMLText.extract(
            "<p>Thanks <a href=\"https://nitter.net/alice\">@alice</a> <a href=\"https://nitter.net/search?q=%23tag\">#tag</a></p><img src=\"https://nitter.net/pic/1.jpg\" />")
        XCTAssertEqual(result.text, "Thanks @alice #tag")
        XCTAssertEqual(result.links, [])
    }

    func testLineBreaksAndWhiteSpace() {
        let result = HTMLText.extract("  one\n   two<br>three<br/><br />four <div>five</div>six  ")
        // libxml2 puts loose text in a <p>: the <div> ends that paragraph.
        XCTAssertEqual(result.text, "one two\nthree\n\nfour\n\nfive\nsix")
    }

    func testEscapedMarkupStaysText() {
        XCTAssertEqual(HTMLText.extract("<p>a &lt;b&gt; c &amp;amp; d</p>").text, "a <b> c &amp; d")
    }

    func testScriptsAreDroppedAndBrokenHTMLRecovers() {
        let result = HTMLText.extract("<p>unclosed <b>bold<script>alert(1)</script> <i>end")
        XCTAssertEqual(result.text, "unclosed bold end")
    }

    func testPlainTextAndEmpty() {
        XCTAssertEqual(HTMLText.extract("just text, no tags").text, "just text, no tags")
        XCTAssertEqual(HTMLText.extract("").text, "")
        XCTAssertEqual(HTMLText.extract("").links, [])
    }

    func testNonBreakingSpaceIsKept() {
        XCTAssertEqual(HTMLText.extract("<p>10&nbsp;km</p>").text, "10\u{A0}km")
    }
}
