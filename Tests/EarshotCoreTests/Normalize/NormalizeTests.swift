import XCTest
@testable import EarshotCore

final class TimestampTests: XCTestCase {
    // 2015-08-22 22:45:29 UTC: 16669 days * 86400 + 81929 s, computed with `date -u -d`.
    func testArchiveForm() {
        XCTAssertEqual(Timestamp.parse("2015-08-22 22:45:29 +0000"), 1_440_283_529)
    }

    func testAnalyticsMinutesOnly() {
        XCTAssertEqual(Timestamp.parse("2016-12-23 18:50 +0000"), 1_482_519_000)
    }

    func testAPIForm() {
        XCTAssertEqual(Timestamp.parse("Sun May 04 21:59:52 +0000 2008"), 1_209_938_392)
        XCTAssertEqual(Timestamp.parse("Fri Oct 22 15:50:35 +0000 2010"), 1_287_762_635)
    }

    func testISOForms() {
        XCTAssertEqual(Timestamp.parse("2019-09-06T20:38:01.000Z"), 1_567_802_281)
        XCTAssertEqual(Timestamp.parse("2019-09-06T20:38:01Z"), 1_567_802_281)
        XCTAssertEqual(Timestamp.parse("2019-09-06T22:38:01+02:00"), 1_567_802_281)
        XCTAssertEqual(Timestamp.parse("2019-09-06T15:38:01-0500"), 1_567_802_281)
        XCTAssertEqual(Timestamp.parse("2019-09-06"), 1_567_728_000)
    }

    func testRFC822() {
        XCTAssertEqual(Timestamp.parse("Mon, 19 Apr 2010 19:44:33 +0000"), 1_271_706_273)
        XCTAssertEqual(Timestamp.parse("Mon, 19 Apr 2010 19:44:33 GMT"), 1_271_706_273)
        XCTAssertEqual(Timestamp.parse("Mon, 19 Apr 2010 15:44:33 EDT"), 1_271_706_273)
        XCTAssertEqual(Timestamp.parse("19 Apr 2010 19:44:33 +0000"), 1_271_706_273, "the weekday is optional")
    }

    func testXAnalyticsDay() {
        XCTAssertEqual(Timestamp.parse("Tue, Jul 14, 2026"), 1_783_987_200)
    }

    func testRejectsNonsense() {
        for bad in ["", "yesterday", "2015-13-01 00:00:00 +0000", "2015-02-30 10:00:00 +0000",
                    "2015-08-22 25:45:29 +0000", "2015-08-22 22:45:29 +0000 extra", "Sun Foo 04 21:59:52 +0000 2008"] {
            XCTAssertNil(Timestamp.parse(bad), bad)
        }
    }

    func testCivilRoundTrip() {
        for days: Int64 in [-719468, -1, 0, 59, 11016, 16669, 20000, 2_932_896] {
            let c = Timestamp.civilFromDays(days)
            XCTAssertEqual(Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day), days)
        }
        XCTAssertTrue(Timestamp.civilFromDays(11016) == (2000, 2, 29))
    }
}

final class HTMLEntitiesTests: XCTestCase {
    func testDecodesOnce() {
        XCTAssertEqual(HTMLEntities.decode("Fish &amp; chips &lt;3 &quot;yes&quot;"), "Fish & chips <3 \"yes\"")
        XCTAssertEqual(HTMLEntities.decode("&amp;amp;"), "&amp;")
        XCTAssertEqual(HTMLEntities.decode("caf&#233; &#xE9;t&#XE9;"), "café été")
    }

    func testLeavesNonEntitiesAlone() {
        XCTAssertEqual(HTMLEntities.decode("AT&T & co; &unknown; &#; &#xZZ; &"), "AT&T & co; &unknown; &#; &#xZZ; &")
        XCTAssertEqual(HTMLEntities.decode("&#0; &#1114112;"), "\u{FFFD} \u{FFFD}")
    }
}

final class CounterTests: XCTestCase {
    func testForms() {
        XCTAssertEqual(Counter.parse("18"), .value(18))
        XCTAssertEqual(Counter.parse("18.0"), .value(18))
        XCTAssertEqual(Counter.parse("1,234"), .value(1234))
        XCTAssertEqual(Counter.parse("100+"), .value(100))
        XCTAssertEqual(Counter.parse(" 7 "), .value(7))
        XCTAssertEqual(Counter.parse(""), .unknown)
        XCTAssertEqual(Counter.parse("-"), .unknown)
        XCTAssertEqual(Counter.parse(" - "), .unknown)
    }

    func testInvalid() {
        for bad in ["n/a", "-5", "1.5", "+", "1+2", "12a", "99999999999999999999", ",5", "1 2"] {
            XCTAssertEqual(Counter.parse(bad), .invalid, bad)
        }
    }
}

final class StatusURLTests: XCTestCase {
    func testTwitterForms() {
        let expected = StatusURL(user: "redcross", id: "123")
        XCTAssertEqual(StatusURL.parse("https://twitter.com/RedCross/status/123"), expected)
        XCTAssertEqual(StatusURL.parse("http://www.twitter.com/redcross/statuses/123?s=20"), expected)
        XCTAssertEqual(StatusURL.parse("https://mobile.twitter.com/redcross/status/123#frag"), expected)
        XCTAssertEqual(StatusURL.parse("https://x.com/redcross/status/123/photo/1"), expected)
        XCTAssertEqual(StatusURL.parse("http://twitter.com/#!/redcross/status/123"), expected)
    }

    func testMastodonForms() {
        XCTAssertEqual(StatusURL.parse("https://mastodon.social/@Gargron/109"), StatusURL(user: "gargron", id: "109"))
        XCTAssertEqual(StatusURL.parse("https://indieweb.social/users/dealingwith/statuses/42"), StatusURL(user: "dealingwith", id: "42"))
        XCTAssertNil(StatusURL.parse("https://indieweb.social/@dealingwith/42", mastodon: false))
    }

    func testNotStatusLinks() {
        for url in ["https://twitter.com/redcross", "https://twitter.com/redcross/status/abc",
                    "https://example.org/a/status/1", "https://x.com/redcross/status/1/likes", "ftp://twitter.com/a/status/1"] {
            XCTAssertNil(StatusURL.parse(url, mastodon: false), url)
        }
    }
}
