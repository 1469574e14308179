import Crypto
import XCTest
import Foundation
@testable import EarshotCore

final class LexiconTests: XCTestCase {
    private func groups(_ text: String, _ phrases: [String]) -> Bool {
        var matcher = PhraseMatcher()
        for phrase in phrases { matcher.add(PostBody.normalizePhrase(phrase), groups: 1) }
        return matcher.groups(in: PostBody(text: text, stripLeadingMentions: false)) != 0
    }

    func testPhrasesNeedWordBoundariesOnlyAtLetterOrDigitEnds() {
        XCTAssertTrue(groups("Please #donate today", ["donate"]))
        XCTAssertTrue(groups("DONATE.", ["donate"]))
        XCTAssertFalse(groups("our donated goods", ["donate"]))
        XCTAssertFalse(groups("undonate", ["donate"]))
        XCTAssertFalse(groups("donate_now", ["donate"]))
        XCTAssertTrue(groups("Follow @ropensci for more", ["follow @"]))
        XCTAssertFalse(groups("unfollow @x", ["follow @"]))
        XCTAssertTrue(groups("Don\u{2019}t miss it", ["don't miss"]))
        XCTAssertTrue(groups("sign up", ["sign up"]))
        XCTAssertFalse(groups("sign  up", ["sign up"]))
        XCTAssertTrue(groups("thanks!", ["thank", "thanks"]))
        XCTAssertFalse(groups("thankful", ["thank", "thanks"]))
        XCTAssertTrue(groups("día de la cruz", ["día"]))
        XCTAssertFalse(groups("mediadía", ["día"]))
    }

    func testCurlyQuotesInALexiconFileAreFoldedToo() throws {
        let lexicon = try Lexicon.parse("[action]\nwe\u{2019}re hiring\n[event]\n[recognition]\n[solicitation]\n", file: "l")
        XCTAssertEqual(lexicon.phrases(.action), ["we're hiring"])
        XCTAssertTrue(features(post("1", "We\u{2019}re HIRING!"), lexicon: lexicon).cta)
        XCTAssertTrue(features(post("1", "we're hiring"), lexicon: lexicon).cta)
    }

    func testTimeExpressions() {
        func has(_ text: String) -> Bool { TimeExpressions.contains(in: PostBody(text: text, stripLeadingMentions: false)) }
        for yes in ["webinar tomorrow", "on Jul 30th", "July 30", "sept. 3", "SEP 3rd", "talk at 4:30 pm", "9am",
                    "at 12 PM.", "10:15am", "at 14:05", "0:00", "on Sat", "tuesday", "this week", "next week!",
                    "today", "tonight", "dec 31", "may 1"] {
            XCTAssertTrue(has(yes), yes)
        }
        for no in ["jul 32", "jul 05", "jul30", "july  30", "13pm", "09am", "24:00", "12:60", "4:3", "saturn",
                   "this  week", "weekly", "2:305", "jul 300", "sunday1", "a9am"] {
            XCTAssertFalse(has(no), no)
        }
    }

    func testBuiltinLexiconIsVersionOneWithAStableFingerprint() {
        let lexicon = Lexicon.builtin
        XCTAssertEqual(lexicon.name, "builtin-v1")
        XCTAssertEqual(lexicon.phrases(.action).count, 69)
        XCTAssertEqual(lexicon.phrases(.event).count, 21)
        XCTAssertEqual(lexicon.phrases(.recognition).count, 19)
        XCTAssertEqual(lexicon.phrases(.solicitation).count, 9)
        XCTAssertTrue(lexicon.canonicalText.hasPrefix("[action]\ndonate\ndonation\n"))
        XCTAssertEqual(lexicon.sha256, SHA256.hex(lexicon.canonicalText))
        XCTAssertEqual(lexicon.sha256.count, 64)
    }

    func testLexiconFileParses() throws {
        let text = "\u{FEFF}# my lexicon\r\n[Action]\r\n  Give  Now \r\ngive now\r\n\r\n[event]\nGala\n[recognition]\n[solicitation]\nwho\n"
        let lexicon = try Lexicon.parse(text, file: "config/my.lexicon")
        XCTAssertEqual(lexicon.name, "my.lexicon")
        XCTAssertEqual(lexicon.phrases(.action), ["give now"])
        XCTAssertEqual(lexicon.phrases(.event), ["gala"])
        XCTAssertEqual(lexicon.phrases(.recognition), [])
        XCTAssertEqual(lexicon.canonicalText, "[action]\ngive now\n[event]\ngala\n[recognition]\n[solicitation]\nwho\n")
        // The canonical text is itself a lexicon file with the same fingerprint.
        XCTAssertEqual(try Lexicon.parse(lexicon.canonicalText, file: "x").sha256, lexicon.sha256)
    }

    func testLexiconFileErrorsNameTheLine() {
        func error(_ text: String) -> LexiconError? {
            do { _ = try Lexicon.parse(text, file: "lex.txt"); return nil } catch { return error as? LexiconError }
        }
        XCTAssertEqual(error("# c\ndonate\n")?.line, 2)
        XCTAssertEqual(error("[action]\n[actions]\n")?.line, 2)
        XCTAssertEqual(error("[action]\nx\n[action]\n")?.line, 3)
        XCTAssertEqual(error("[action\n")?.line, 1)
        let missing = error("[action]\n[event]\n")
        XCTAssertEqual(missing?.line, 0)
        XCTAssertEqual(missing?.description, "lex.txt: missing section [recognition], [solicitation]: a lexicon file replaces all four lexicons")
    }

    func testLexiconFileFromDisk() throws {
        let path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("earshot-lexicon-\(getpid()).txt").path
        try "[action]\nbuy\n[event]\n[recognition]\n[solicitation]\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lexicon = try Lexicon.load(path: path)
        XCTAssertEqual(lexicon.phrases(.action), ["buy"])
        XCTAssertThrowsError(try Lexicon.load(path: path + ".missing"))
    }
}
