import XCTest
@testable import EarshotCore

final class PostAnalyzerTests: XCTestCase {
    func testOwnLinkIncludesSubdomainsButNotLookalikes() {
        XCTAssertTrue(features(post("1", "x", urls: ["https://news.redcross.org/story"])).ownLink)
        XCTAssertTrue(features(post("1", "x", urls: ["http://WWW.RedCross.org"])).ownLink)
        XCTAssertFalse(features(post("1", "x", urls: ["https://notredcross.org/"])).ownLink)
        XCTAssertFalse(features(post("1", "x", urls: ["https://redcross.org.example.com/"])).ownLink)
        // Text URLs when the source has no expanded URLs; expanded ones when it has.
        XCTAssertTrue(features(post("1", "see redcross.org/x www.redcross.org/give")).ownLink)
        XCTAssertFalse(features(post("1", "see https://redcross.org", urls: [])).ownLink)
        XCTAssertFalse(features(post("1", "x", urls: ["https://redcross.org"]), org: nil).ownLink)
    }

    func testLinkKnownSkipsShorteners() {
        let f = features(post("1", "x", urls: ["https://t.co/a", "https://youtu.be/b", "http://bit.ly/c", "https://redcross.org", "https://t.co/a"]))
        XCTAssertEqual(f.urlCount, 4)
        XCTAssertEqual(f.knownURLCount, 2)
    }

    func testSelfMention() {
        XCTAssertTrue(features(post("1", "Proud to work with @RedCross")).selfMention)
        XCTAssertTrue(features(post("1", "the Red Cross is here")).selfMention)
        XCTAssertTrue(features(post("1", "AMERICAN RED CROSS volunteers")).selfMention)
        XCTAssertTrue(features(post("1", "redcross rocks")).selfMention)
        XCTAssertTrue(features(post("1", "Happy #RedCrossDay")).selfMention)
        XCTAssertFalse(features(post("1", "Happy #redcrossday"), org: nil).selfMention)
        XCTAssertFalse(features(post("1", "Happy #RedCrossDayParty")).selfMention)
        XCTAssertFalse(features(post("1", "@redcross_uk is a sister org")).selfMention)
        XCTAssertFalse(features(post("1", "the redcrossers")).selfMention)
        // A thread's leading mention of the organization is stripped from the body.
        XCTAssertFalse(features(post("1", "@redcross more below", marker: .reply(target: "redcross"))).selfMention)
    }

    func testCallsToAction() {
        XCTAssertTrue(features(post("1", "Please #donate")).cta)
        XCTAssertTrue(features(post("1", "Don\u{2019}t miss our report")).cta)
        XCTAssertTrue(features(post("1", "Follow @ropensci for news")).cta)
        XCTAssertTrue(features(post("1", "Webinar tomorrow!")).cta)
        XCTAssertTrue(features(post("1", "Our conference on Jul 30th")).cta)
        XCTAssertTrue(features(post("1", "A talk at 4:30 pm")).cta)
        // An event phrase without a time expression is not a call to action.
        let noTime = features(post("1", "Our webinar was a success"))
        XCTAssertFalse(noTime.cta)
        XCTAssertEqual(noTime.ica, .information)
        XCTAssertFalse(features(post("1", "we donated blood")).cta)
    }

    func testSolicitationNeedsAQuestionMark() {
        let asked = features(post("1", "What do you think?"))
        XCTAssertTrue(asked.solicitation)
        XCTAssertEqual(asked.ica, .community)
        let told = features(post("1", "This is for you"))
        XCTAssertFalse(told.solicitation)
        XCTAssertEqual(told.ica, .information)
        // A question mark in a URL does not count: URLs are removed from the body.
        XCTAssertFalse(features(post("1", "for you http://a.org/?q=1")).solicitation)
    }

    func testRecognitionIsCommunity() {
        let f = features(post("1", "Congrats to the team"))
        XCTAssertTrue(f.recognition)
        XCTAssertEqual(f.ica, .community)
        XCTAssertFalse(f.conversational)
    }

    func testReplyWithCallToActionIsAction() {
        let f = features(post("1", "@bob please donate here", marker: .reply(target: "bob")))
        XCTAssertEqual(f.kind, .reply)
        XCTAssertEqual(f.ica, .action)
        XCTAssertTrue(f.promotional)
        XCTAssertTrue(f.conversational)
        let plain = features(post("1", "@bob noted", marker: .reply(target: "bob")))
        XCTAssertEqual(plain.ica, .community)
        XCTAssertFalse(plain.promotional)
    }

    func testThreadIsNotConversational() {
        let f = features(post("1", "@redcross and more facts", marker: .reply(target: "redcross")))
        XCTAssertEqual(f.kind, .thread)
        XCTAssertEqual(f.ica, .information)
        XCTAssertFalse(f.conversational)
    }

    func testRepostOfAnotherAccountIsCommunityWhateverItSays() {
        let f = features(post("1", "RT @unicef: Donate now to save lives"))
        XCTAssertEqual(f.kind, .repost)
        XCTAssertEqual(f.ica, .community)
        XCTAssertTrue(f.cta)  // computed for every post...
        XCTAssertFalse(f.promotional)  // ...but a repost is not authored
        XCTAssertTrue(f.conversational)
        XCTAssertEqual(f.partners, ["unicef"])
    }

    func testSelfRepostIsClassifiedByItsBodyAndPromotional() {
        let action = features(post("1", "RT @RedCross: Donate today"))
        XCTAssertTrue(action.selfRepost)
        XCTAssertEqual(action.ica, .action)
        XCTAssertTrue(action.promotional)
        XCTAssertFalse(action.conversational)
        XCTAssertEqual(action.partners, [])
        let community = features(post("1", "RT @redcross: Our new report\u{2026}", repostedText: "Our new report is out. Thank you all!"))
        XCTAssertEqual(community.ica, .community)
        XCTAssertTrue(community.promotional)
        let information = features(post("1", "RT @redcross: Our new report"))
        XCTAssertEqual(information.ica, .information)
        XCTAssertTrue(information.promotional)
    }

    func testQuoteIsCommunityAndConversational() {
        let f = features(post("9", "Important", urls: ["https://twitter.com/who/status/1"]))
        XCTAssertEqual(f.kind, .quote)
        XCTAssertEqual(f.ica, .community)
        XCTAssertTrue(f.conversational)
        XCTAssertEqual(f.partners, ["who"])
    }

    /// The mention and hashtag scans are skipped when the text has no `@` (and no `#`): the
    /// marks are found in the UTF-8 (a full-width `＠` is none), and a self-repost's body is
    /// judged by the reposted text's own marks.
    func testMentionAndHashtagScansSkippedOnlyWithoutMarks() {
        func marks(_ text: String) -> [Bool] {
            let m = PostAnalyzer.mentionAndHashMarks(text)
            return [m.textHasAt, m.bodyHasMarks]
        }
        XCTAssertEqual(marks(""), [false, false])
        XCTAssertEqual(marks("plain words, ＠fullwidth ＃too"), [false, false])
        XCTAssertEqual(marks("hi @bob"), [true, true])
        XCTAssertEqual(marks("é #tag"), [false, true])
        XCTAssertEqual(features(post("1", "no marks here")).partners, [])
        XCTAssertFalse(features(post("1", "no marks here")).selfMention)
        XCTAssertEqual(features(post("1", "é hi @Bob")).partners, ["bob"])
        XCTAssertTrue(features(post("1", "Happy #RedCrossDay")).selfMention)
        XCTAssertTrue(features(post("1", "RT @redcross: Happy\u{2026}", repostedText: "Happy #RedCrossDay")).selfMention)
        XCTAssertFalse(features(post("1", "RT @redcross: Happy\u{2026}", repostedText: "Happy day")).selfMention)
    }

    func testPartnersFromTargetAndMentionsButNotTheOrganization() {
        let reply = features(post("1", "@Bob with @carol and @redcross", marker: .reply(target: "bob")))
        XCTAssertEqual(reply.partners, ["bob", "carol"])
        let entities = features(post("1", "text ignored @zed", mentions: ["@Ann", "redcross"]))
        XCTAssertEqual(entities.partners, ["ann"])
    }

    func testCustomLexiconReplacesBuiltin() throws {
        let lexicon = try Lexicon.parse("[action]\nspenden\n[event]\n[recognition]\n[solicitation]\n", file: "de.txt")
        XCTAssertTrue(features(post("1", "Jetzt spenden!"), lexicon: lexicon).cta)
        XCTAssertFalse(features(post("1", "Please donate"), lexicon: lexicon).cta)
    }
}
