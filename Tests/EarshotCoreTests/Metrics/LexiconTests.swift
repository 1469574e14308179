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

    func testBuiltinLexiconIsVersionTwoWithAStableFingerprint() {
        let lexicon = Lexicon.builtin
        XCTAssertEqual(lexicon.name, "builtin-v2")
        XCTAssertEqual(lexicon.promotionalRule, .v2)
        // The counts of metrics.md section 2's lists, counted there by hand.
        XCTAssertEqual(lexicon.phrases(.action).count, 128)
        XCTAssertEqual(lexicon.phrases(.event).count, 44)
        XCTAssertEqual(lexicon.phrases(.recognition).count, 24)
        XCTAssertEqual(lexicon.phrases(.solicitation).count, 12)
        XCTAssertEqual(lexicon.phrases(.organizationAsk).count, 50)
        XCTAssertEqual(lexicon.phrases(.standing).count, 23)
        XCTAssertEqual(lexicon.phrases(.launch).count, 13)
        XCTAssertEqual(lexicon.phrases(.launchNoun).count, 18)
        XCTAssertEqual(lexicon.fromBuiltin, [])
        // What changed from version 1.
        for removed in ["check out our", "visit our", "read our", "watch our", "call your", "contact your", "volunteers"] {
            XCTAssertFalse(lexicon.phrases(.action).contains(removed), removed)
        }
        XCTAssertFalse(lexicon.phrases(.solicitation).contains("you"))
        XCTAssertFalse(lexicon.phrases(.solicitation).contains("your"))
        XCTAssertTrue(lexicon.canonicalText.hasPrefix("[rule]\npromotional-v2\n[action]\ndonate\ndonation\n"))
        XCTAssertTrue(lexicon.canonicalText.hasSuffix("[launch-noun]\npkg\npkgs\npackage\npackages\nversion\nrelease\npost\nseries\nbook\nguide\napp\ntool\nwebsite\nsite\npodcast\ncourse\nfeature\ninterview\n"))
        XCTAssertEqual(lexicon.sha256, SHA256.hex(lexicon.canonicalText))
        XCTAssertEqual(lexicon.sha256.count, 64)
        // Its canonical text loads back to the same lexicon.
        XCTAssertEqual(try Lexicon.parse(lexicon.canonicalText, file: "builtin-v2").phrases, lexicon.phrases)
    }

    /// `lexicons/builtin-v1.txt`: the version 1 lists as they were built in, with the rule v1.
    func testVersionOneShipsAsALexiconFile() throws {
        let v1 = MetricsFixtures.builtinV1
        XCTAssertEqual(v1.name, "builtin-v1.txt")
        XCTAssertEqual(v1.promotionalRule, .v1)
        XCTAssertEqual(v1.phrases(.action).count, 69)
        XCTAssertEqual(v1.phrases(.event).count, 21)
        XCTAssertEqual(v1.phrases(.recognition).count, 19)
        XCTAssertEqual(v1.phrases(.solicitation).count, 9)
        XCTAssertEqual(v1.sections, [.action, .event, .recognition, .solicitation])
        for section in Lexicon.Section.promotionalV2 { XCTAssertEqual(v1.phrases(section), [], section.rawValue) }
        XCTAssertTrue(v1.phrases(.action).contains("check out our"))
        XCTAssertTrue(v1.phrases(.action).contains("call your"))
        XCTAssertEqual(v1.phrases(.solicitation).prefix(2), ["you", "your"])
        XCTAssertTrue(v1.canonicalText.hasPrefix("[rule]\npromotional-v1\n[action]\ndonate\n"))
        XCTAssertFalse(v1.canonicalText.contains("[organization-ask]"))
        let again = try Lexicon.parse(v1.canonicalText, file: "x")
        XCTAssertEqual(again.sha256, v1.sha256)
        XCTAssertEqual(again.promotionalRule, .v1)
    }

    /// A file of the four version-1 sections (no `[rule]`) still loads: its own four lists,
    /// the rule v2 and the built-in rule-v2 lists, named in `fromBuiltin` and in the hash.
    func testFourSectionFileGetsTheBuiltinRuleTwoLists() throws {
        let old = try Lexicon.parse("[action]\nbuy\n[event]\n[recognition]\n[solicitation]\n", file: "old.txt")
        XCTAssertEqual(old.promotionalRule, .v2)
        XCTAssertEqual(old.phrases(.action), ["buy"])
        XCTAssertEqual(old.fromBuiltin, Lexicon.Section.promotionalV2)
        XCTAssertEqual(old.phrases(.organizationAsk), Lexicon.builtin.phrases(.organizationAsk))
        XCTAssertEqual(old.phrases(.launchNoun), Lexicon.builtin.phrases(.launchNoun))
        XCTAssertTrue(old.canonicalText.contains("[standing]\naward\n"))
        // Giving a section, even empty, replaces the built-in list; the others still come from it.
        let some = try Lexicon.parse("[action]\n[event]\n[recognition]\n[solicitation]\n[standing]\n[launch]\nshipped\n", file: "s")
        XCTAssertEqual(some.phrases(.standing), [])
        XCTAssertEqual(some.phrases(.launch), ["shipped"])
        XCTAssertEqual(some.fromBuiltin, [.organizationAsk, .launchNoun])
        XCTAssertNotEqual(some.sha256, old.sha256)
        // The same lists written out whole are the same lexicon (the hash is of what is used).
        XCTAssertEqual(try Lexicon.parse(old.canonicalText, file: "o").sha256, old.sha256)
    }

    func testLexiconFileParses() throws {
        let text = "\u{FEFF}# my lexicon\r\n[Action]\r\n  Give  Now \r\ngive now\r\n\r\n[event]\nGala\n[recognition]\n[solicitation]\nwho\n"
        let lexicon = try Lexicon.parse(text, file: "config/my.lexicon")
        XCTAssertEqual(lexicon.name, "my.lexicon")
        XCTAssertEqual(lexicon.phrases(.action), ["give now"])
        XCTAssertEqual(lexicon.phrases(.event), ["gala"])
        XCTAssertEqual(lexicon.phrases(.recognition), [])
        XCTAssertEqual(lexicon.canonicalText.prefix(86), "[rule]\npromotional-v2\n[action]\ngive now\n[event]\ngala\n[recognition]\n[solicitation]\nwho\n")
        XCTAssertTrue(lexicon.canonicalText.dropFirst(86).hasPrefix("[organization-ask]\ndonate\n"))
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
        XCTAssertEqual(missing?.description, "lex.txt: missing section [recognition], [solicitation]: a lexicon file replaces all four of [action], [event], [recognition] and [solicitation]")
        let four = "[action]\n[event]\n[recognition]\n[solicitation]\n"
        XCTAssertEqual(error("[rule]\npromotional-v3\n" + four)?.description, "lex.txt:2: unknown rule 'promotional-v3'; expected promotional-v1 or promotional-v2")
        XCTAssertEqual(error("[rule]\npromotional-v1\npromotional-v2\n" + four)?.line, 3)
        XCTAssertEqual(error("[rule]\n" + four)?.description, "lex.txt: section [rule] is empty; expected promotional-v1 or promotional-v2")
        XCTAssertEqual(error("[rule]\npromotional-v1\n[rule]\npromotional-v1\n" + four)?.line, 3)
        XCTAssertEqual(error("[rule]\npromotional-v1\n" + four + "[launch]\nreleased\n")?.description,
                       "lex.txt: section [launch] is not used by the rule promotional-v1; remove it or the [rule] line")
        XCTAssertEqual(error(four + "[organization-ask]\n[organization-ask]\n")?.line, 6)
        XCTAssertEqual(try Lexicon.parse("[rule]\n  Promotional-V1 \n" + four, file: "l").promotionalRule, .v1)
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
