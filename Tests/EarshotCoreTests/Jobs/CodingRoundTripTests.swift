import Foundation
import Logging
import XCTest
@testable import EarshotCore

/// codebook -> sheets filled by this test with known disagreements -> validate, with every figure
/// computed by hand below.
///
/// The inputs (legacy archives written by `makeInputs`) are plain posts whose classes are the
/// same under any built-in lexicon and promotional rule: `donate` is an ask (Action, and
/// promotional under every rule), `thanks` / `congratulations` are recognition (Community),
/// replies and reposts of others are Community, a repost of the organization's own post is
/// promotional, and the rest is Information.
///
/// Strata (handle, kind, year), in order, with their posts:
///   S1 alpha original 2019: 5 Information      S5 alpha repost 2020: 1 self-repost (Action, promo)
///   S2 alpha original 2020: 4 Action (promo)   S6 beta original 2019: 1 thanks (Community)
///   S3 alpha reply 2020: 1 (Community)         S7 beta original 2020: 1 congratulations (Community)
///   S4 alpha repost 2019: 1 of @friend (Comm.) S8 beta original 2021: 1 Information
/// P = 15, H = 8. --size 12: one each (8), R = 4 shared over capacities c = (4, 3, 0, ...),
/// C = 7: R c = 16, 12 -> floors 2, 1 (3 given), remainders 2, 5 -> the one left goes to S2.
/// Quotas: S1 3, S2 3, the others 1: 12 posts. Every stratum drawn in part holds posts of one
/// class coded alike, so the figures do not depend on which of its posts the seed picks.
final class CodingRoundTripTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "earshot-coding-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Post ids by role.
    static let information = (1...5).map { "10\($0)" }
    static let action = (1...4).map { "20\($0)" }
    static let (reply, repostOfFriend, selfRepost) = ("301", "401", "501")
    static let (thanks, congratulations, betaInformation) = ("601", "701", "801")

    private func makeInputs() throws -> CodingInputs {
        let header = "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"timestamp\",\"source\",\"text\",\"expanded_urls\"\n"
        func row(_ id: String, _ time: String, _ text: String, reply: Bool = false, repost: Bool = false) -> String {
            "\"\(id)\",\"\(reply ? "99" : "")\",\"\(reply ? "7" : "")\",\"\(repost ? "98" : "")\",\"\(repost ? "8" : "")\",\"\(time) +0000\",\"web\",\"\(text)\",\"\"\n"
        }
        let informationTexts = ["The river path has wider benches along the east bank", "Water levels in the reservoir are back to normal",
                                "The annual count found fewer floods than last year", "Snow clearing crews worked through the night",
                                "Ten species of birds were counted at the wetland"]
        let actionTexts = ["Please donate to the flood relief fund", "Donate to the winter coat drive",
                           "Please donate blankets to the shelter", "Donate to keep the boats running"]
        var alpha = header
        for (k, id) in Self.information.enumerated() { alpha += row(id, "2019-0\(k + 1)-10 10:00:00", informationTexts[k]) }
        for (k, id) in Self.action.enumerated() { alpha += row(id, "2020-0\(k + 1)-10 10:00:00", actionTexts[k]) }
        alpha += row(Self.reply, "2020-06-01 10:00:00", "@friend that was lovely", reply: true)
        alpha += row(Self.repostOfFriend, "2019-07-01 10:00:00", "RT @friend: A lovely walk by the river", repost: true)
        alpha += row(Self.selfRepost, "2020-07-01 10:00:00", "RT @alpha: Please donate to the flood relief fund", repost: true)
        var beta = header
        beta += row(Self.thanks, "2019-05-01 10:00:00", "Thanks to everyone who helped at the cleanup")
        beta += row(Self.congratulations, "2020-05-01 10:00:00", "Congratulations to the river rangers")
        beta += row(Self.betaInformation, "2021-05-01 10:00:00", "The garden is a quiet place to read")
        for (handle, text) in [("alpha", alpha), ("beta", beta)] {
            try FileManager.default.createDirectory(atPath: "\(folder)/exports/\(handle)", withIntermediateDirectories: true)
            try text.write(toFile: "\(folder)/exports/\(handle)/tweets.csv", atomically: true, encoding: .utf8)
        }
        let registry = """
            handle,name,sector,subsector,country,domains,hashtags,aliases,followers
            alpha,River Trust,nonprofit,environment,US,rivertrust.org,,,
            beta,Garden Museum,public,museums,US,gardenmuseum.org,,,

            """
        try registry.write(toFile: "\(folder)/organizations.csv", atomically: true, encoding: .utf8)
        return CodingInputs(inputs: [folder + "/exports"], registryPath: folder + "/organizations.csv", threads: 2)
    }

    /// Coder A: (ica, promotional, ambiguous) by id. Disagreements with Earshot: the repost of
    /// @friend coded information (Earshot community), the congratulations coded action and `self`
    /// (Earshot community, not promotional), beta's information coded community and ambiguous,
    /// the self-repost `mixed`.
    static func coderA(_ id: String) -> (String, String, String) {
        if information.contains(id) { return ("information", "no", "") }
        if action.contains(id) { return ("action", "self", "") }
        switch id {
        case reply: return ("community", "no", "")
        case repostOfFriend: return ("information", "no", "")
        case selfRepost: return ("action", "mixed", "")
        case thanks: return ("community", "no", "")
        case congratulations: return ("action", "self", "")
        default: return ("community", "no", "yes")
        }
    }

    /// Coder B: agrees with Earshot but for the thanks (coded information); beta's information
    /// left uncoded (both cells empty).
    static func coderB(_ id: String) -> (String, String, String) {
        if information.contains(id) { return ("information", "no", "") }
        if action.contains(id) { return ("action", "self", "") }
        switch id {
        case reply, repostOfFriend, congratulations: return ("community", "no", "")
        case selfRepost: return ("action", "self", "")
        case thanks: return ("information", "no", "")
        default: return ("", "", "")
        }
    }

    /// The sheet as a coder's script fills it: the last four cells of each row replaced.
    private func fill(_ sheet: String, to path: String, _ code: (String) -> (String, String, String)) throws {
        var out = ""
        for (k, line) in sheet.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            if k == 0 { out += line + "\n"; continue }
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let (ica, promo, ambiguous) = code(cells[0])
            cells.removeLast(4)
            out += (cells + [ica, promo, ambiguous, "script"]).joined(separator: ",") + "\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testRoundTripGivesTheHandComputedFigures() throws {
        let inputs = try makeInputs()
        let out = folder + "/codebook"
        let summary = try CodebookJob(options: CodebookOptions(inputs: inputs, size: 12, seed: 2024, outputPath: out)).run(logger: logger)
        XCTAssertEqual(summary.population, 15)
        XCTAssertEqual(summary.sampled, 12)
        XCTAssertEqual(summary.strata.map { "\($0.org) \($0.kind.rawValue) \($0.year) \($0.posts) \($0.sampled)" }, [
            "alpha original 2019 5 3", "alpha original 2020 4 3", "alpha reply 2020 1 1", "alpha repost 2019 1 1",
            "alpha repost 2020 1 1", "beta original 2019 1 1", "beta original 2020 1 1", "beta original 2021 1 1",
        ])
        let sheet = try String(contentsOfFile: out + "/sheet.csv", encoding: .utf8)
        let lines = sheet.split(separator: "\n")
        XCTAssertEqual(lines.first, "id,org,created,kind,link,text,ica,promotional,ambiguous,note")
        XCTAssertEqual(lines.count, 13)
        XCTAssertTrue(sheet.contains("501,alpha,2020-07-01T10:00:00Z,repost,https://x.com/alpha/status/501,RT @alpha: Please donate to the flood relief fund,,,,\n"))
        XCTAssertTrue(sheet.contains("301,alpha,2020-06-01T10:00:00Z,reply,https://x.com/alpha/status/301,'@friend that was lovely,,,,\n"))
        let strata = try String(contentsOfFile: out + "/strata.csv", encoding: .utf8)
        XCTAssertTrue(strata.hasPrefix("org,kind,year,posts,sampled,sampling_fraction\nalpha,original,2019,5,3,0.6000\nalpha,original,2020,4,3,0.7500\n"))
        let guide = try String(contentsOfFile: out + "/coding-guide.md", encoding: .utf8)
        XCTAssertTrue(guide.contains("12 posts of 15 from 2 organizations,\n8 strata, seed 2024"))

        // Deterministic: the same inputs and seed give the same bytes (threads aside); an existing
        // sheet is not overwritten without --replace.
        XCTAssertThrowsError(try CodebookJob(options: CodebookOptions(inputs: inputs, size: 12, seed: 2024, outputPath: out)).run(logger: logger))
        var one = inputs
        one.threads = 1
        _ = try CodebookJob(options: CodebookOptions(inputs: one, size: 12, seed: 2024, outputPath: folder + "/again")).run(logger: logger)
        for name in ["sheet.csv", "coding-guide.md", "strata.csv"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")),
                           try Data(contentsOf: URL(fileURLWithPath: "\(folder)/again/\(name)")), name)
        }

        try fill(sheet, to: folder + "/coder-a.csv", Self.coderA)
        try fill(sheet, to: folder + "/coder-b.csv", Self.coderB)
        let job = ValidateJob(options: ValidateOptions(sheets: [folder + "/coder-a.csv", folder + "/coder-b.csv"], inputs: inputs,
                                                       csvPath: folder + "/validation.csv"))
        let result = try job.run(logger: logger)
        XCTAssertEqual(result.posts, 12)
        XCTAssertEqual(result.ambiguousPosts, 1)
        XCTAssertEqual(result.lexiconName, Lexicon.builtin.name)

        // ICA, all 12 posts, coder A (rows) against Earshot (columns), I C A:
        //   I [3 1 0]  4     the repost of @friend: coder information, Earshot community
        //   C [1 2 0]  3     beta's information: coder community
        //   A [0 1 4]  5     the congratulations: coder action
        //      4 4 4   n 12, agreements 9: accuracy 0.75
        // precision 3/4, 2/4, 4/4; recall 3/4, 2/3, 4/5; F1 6/8, 4/7, 8/9; macro-F1 557/756.
        // kappa = (9*12 - (4*4 + 3*4 + 5*4)) / (144 - 48) = 60/96 = 0.625.
        let ica = result.measure(.ica, .all)
        let a = ica.comparisons[0]
        XCTAssertEqual(a.coder, folder + "/coder-a.csv")
        XCTAssertEqual(a.confusion.counts, [3, 1, 0, 1, 2, 0, 0, 1, 4])
        XCTAssertEqual(a.accuracy.value, 0.75)
        XCTAssertEqual(a.precision.map(\.value), [0.75, 0.5, 1])
        XCTAssertEqual(a.recall[0].value, 0.75)
        XCTAssertEqual(try XCTUnwrap(a.recall[1].value), 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(a.recall[2].value, 0.8)
        XCTAssertEqual(try XCTUnwrap(a.f1[2].value), 8.0 / 9.0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.macroF1.value), 557.0 / 756.0, accuracy: 1e-12)
        XCTAssertEqual(a.kappa.value, 0.625)
        // Coder B coded 11 (beta's information left empty): I [3 1 0], C [0 3 0], A [0 0 4];
        // columns 3 4 4; agreements 10: accuracy 10/11; kappa = (110 - (12 + 12 + 16)) / (121 - 40)
        // = 70/81; F1 6/7, 6/7, 1: macro-F1 19/21.
        let b = ica.comparisons[1]
        XCTAssertEqual(b.posts, 11)
        XCTAssertEqual(b.confusion.counts, [3, 1, 0, 0, 3, 0, 0, 0, 4])
        XCTAssertEqual(try XCTUnwrap(b.kappa.value), 70.0 / 81.0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(b.macroF1.value), 19.0 / 21.0, accuracy: 1e-12)
        // Alpha among A and B: 11 pairable units (22 values: I 8, C 5, A 9), three disagree
        // (repost of @friend, thanks, congratulations), 2 ordered pairs each:
        // 1 - 21 * 6 / (484 - 64 - 25 - 81) = 1 - 126/314.
        XCTAssertEqual(try XCTUnwrap(ica.alphaCoders?.value), 1 - 126.0 / 314.0, accuracy: 1e-12)
        XCTAssertEqual(ica.alphaCoders?.n, 22)
        // With Earshot: 35 values (I 12, C 10, A 13); disagreement 2 in each of the repost of
        // @friend (I C C), thanks (C I C), congratulations (A C C) and beta's information (C, I):
        // 1 - 34 * 8 / (1225 - 144 - 100 - 169) = 1 - 272/812.
        XCTAssertEqual(try XCTUnwrap(ica.alphaWithEarshot.value), 1 - 272.0 / 812.0, accuracy: 1e-12)
        XCTAssertEqual(ica.alphaWithEarshot.n, 35)

        // Without the ambiguous post (beta's information): coder A's C row loses its I cell:
        // I [3 1 0] C [0 2 0] A [0 1 4]; columns 3 4 4; kappa = (99 - 40) / (121 - 40) = 59/81.
        let clear = result.measure(.ica, .unambiguous)
        XCTAssertEqual(clear.posts, 11)
        XCTAssertEqual(try XCTUnwrap(clear.comparisons[0].kappa.value), 59.0 / 81.0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(clear.comparisons[0].accuracy.value), 9.0 / 11.0, accuracy: 1e-12)

        // Promotional against A's `self`: Earshot promotional = the 3 asks and the self-repost.
        // A's self = the 3 asks and the congratulations. [P/P 3, P/O 1; O/P 1, O/O 7]:
        // accuracy 10/12; kappa = (120 - (16 + 64)) / (144 - 80) = 0.625; F1 of promotional 3/4.
        let selfOnly = result.measure(.promotionalSelf, .all).comparisons[0]
        XCTAssertEqual(selfOnly.confusion.counts, [3, 1, 1, 7])
        XCTAssertEqual(selfOnly.kappa.value, 0.625)
        XCTAssertEqual(selfOnly.f1[0].value, 0.75)
        XCTAssertEqual(selfOnly.macroF1.value, 0.8125)
        // Against `self` or `mixed` the self-repost (A: mixed) agrees: [4 1; 0 7], accuracy 11/12,
        // kappa = (132 - (20 + 56)) / (144 - 76) = 56/68.
        let selfOrMixed = result.measure(.promotionalSelfOrMixed, .all).comparisons[0]
        XCTAssertEqual(selfOrMixed.confusion.counts, [4, 1, 0, 7])
        XCTAssertEqual(try XCTUnwrap(selfOrMixed.kappa.value), 56.0 / 68.0, accuracy: 1e-12)
        // Coder B agrees on every post it coded: kappa 1.
        XCTAssertEqual(result.measure(.promotionalSelf, .all).comparisons[1].kappa.value, 1)

        // Every value has an interval that holds the resamples' range, deterministic with the seed.
        XCTAssertEqual(a.kappa.interval?.resamples, 1000)
        let interval = try XCTUnwrap(a.kappa.interval)
        XCTAssertLessThanOrEqual(interval.low, interval.high)
        let csv = try String(contentsOfFile: folder + "/validation.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("lexicon,measure,subset,reference,statistic,class,n,value,ci_low,ci_high,resamples,seed\n"))
        XCTAssertTrue(csv.contains(",ica,all,\(folder)/coder-a.csv,kappa,,12,0.6250,"))
        XCTAssertTrue(csv.contains(",ica,all,\(folder)/coder-a.csv,confusion,information/community,12,1,,,,16\n"))
        XCTAssertTrue(csv.contains(",ica,all,coders,alpha,,22,0.5987,"))
        XCTAssertTrue(csv.contains(",ica,all,coders+earshot,alpha,,35,0.6650,"))
        XCTAssertTrue(csv.contains(",promotional_self_or_mixed,all,\(folder)/coder-a.csv,kappa,,12,0.8235,"))
        _ = try job.run(logger: logger)
        XCTAssertEqual(try String(contentsOfFile: folder + "/validation.csv", encoding: .utf8), csv)
        XCTAssertTrue(ValidationTables.text(result).contains("kappa 0.6250 ["))
    }

    func testSheetErrorsNameTheSheetAndLine() throws {
        let inputs = try makeInputs()
        let header = "id,org,created,kind,link,text,ica,promotional,ambiguous,note\n"
        func validate(_ body: String) -> String {
            let path = folder + "/bad.csv"
            try? (header + body).write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try ValidateJob(options: ValidateOptions(sheets: [path], inputs: inputs, csvPath: nil)).run(logger: logger)
                return "no error"
            } catch {
                return "\(error)".replacingOccurrences(of: folder + "/", with: "")
            }
        }
        XCTAssertEqual(validate("101,alpha,,,,,information,no,,\n999,alpha,,,,,information,no,,\n"),
                       "bad.csv line 3: no post @alpha 999 in the inputs")
        XCTAssertEqual(validate("101,alpha,,,,,informative,no,,\n"),
                       "bad.csv line 2: unknown ica label \"informative\" (information, community, action, or empty)")
        XCTAssertEqual(validate("101,alpha,,,,,information,maybe,,\n"),
                       "bad.csv line 2: unknown promotional label \"maybe\" (self, mixed, no, or empty)")
        XCTAssertEqual(validate("101,alpha,,,,,information,no,,\n101,@Alpha,,,,,action,no,,\n"),
                       "bad.csv line 3: post @alpha 101 again (first on line 2)")
        XCTAssertEqual(validate("1.01E+2,alpha,,,,,information,no,,\n"),
                       "bad.csv line 2: id 1.01E+2 is a number in scientific notation: a spreadsheet turned the ids into numbers; import the id column as text and save again")
        XCTAssertEqual(validate("101,alpha,,,,,,,,\n"), "bad.csv: no post is coded (every ica and promotional cell is empty)")
        XCTAssertEqual(validate("101,alpha,,,,,information,no,perhaps,\n"), "bad.csv line 2: unknown ambiguous mark \"perhaps\" (yes or empty)")
        // A line break inside a quoted text still gives the editor's line.
        XCTAssertEqual(validate("101,alpha,,,,\"two\nlines\",information,no,,\n102,alpha,,,,,x,no,,\n"),
                       "bad.csv line 4: unknown ica label \"x\" (information, community, action, or empty)")
        try "id;org;ica\n".write(toFile: folder + "/semi.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CodingSheet.read(path: folder + "/semi.csv")) { error in
            XCTAssertEqual("\(error)", "\(folder)/semi.csv line 1: missing columns id, org, ica, promotional, ambiguous (the sheet is separated by semicolons: save it as CSV with commas)")
        }
    }

    /// A user's own lexicon: the figures are for the lexicon in use, and say so.
    func testValidateUsesTheLexiconInUse() throws {
        let inputs = try makeInputs()
        let out = folder + "/codebook"
        _ = try CodebookJob(options: CodebookOptions(inputs: inputs, size: 100, seed: 1, outputPath: out)).run(logger: logger)
        let sheet = try String(contentsOfFile: out + "/sheet.csv", encoding: .utf8)
        try fill(sheet, to: folder + "/coder-a.csv", Self.coderA)
        // The built-in lexicon with `lovely` added to the actions: the reply ("that was lovely")
        // becomes Action for Earshot; the repost of @friend stays Community (rule 1 comes first).
        let text = Lexicon.builtin.canonicalText.replacingOccurrences(of: "[action]\n", with: "[action]\nlovely\n")
        try text.write(toFile: folder + "/mine.txt", atomically: true, encoding: .utf8)
        var mine = inputs
        mine.lexiconPath = folder + "/mine.txt"
        let result = try ValidateJob(options: ValidateOptions(sheets: [folder + "/coder-a.csv"], inputs: mine, csvPath: folder + "/v.csv")).run(logger: logger)
        XCTAssertEqual(result.lexiconName, "mine.txt")
        // All 15 posts, coder A: I [5 1 0] (the repost of @friend), C [1 1 1] (beta's information,
        // the thanks, the reply now Action), A [0 1 5] (the congratulations).
        XCTAssertEqual(result.measure(.ica, .all).comparisons[0].confusion.counts, [5, 1, 0, 1, 1, 1, 0, 1, 5])
        XCTAssertTrue(try String(contentsOfFile: folder + "/v.csv", encoding: .utf8).contains("\nmine.txt,ica,all,"))
        XCTAssertTrue(ValidationTables.text(result).hasPrefix("Earshot against hand coding: lexicon mine.txt"))
    }

    func testAllocationRule() {
        // The class comment's example: one each, then 4 over capacities 4 and 3.
        XCTAssertEqual(CodebookJob.allocate(sizes: [5, 4, 1, 1, 1, 1, 1, 1], total: 12), [3, 3, 1, 1, 1, 1, 1, 1])
        // More asked than there are: everything.
        XCTAssertEqual(CodebookJob.allocate(sizes: [2, 0, 3], total: 10), [2, 0, 3])
        // Fewer than the (3 non-empty) strata: proportional to the sizes, no minimum. 2 over
        // (6, 3, 1), P = 10: 12/10, 6/10, 2/10 -> floors 1, 0, 0; remainders 2, 6, 2: the one
        // left goes to the second.
        XCTAssertEqual(CodebookJob.allocate(sizes: [6, 3, 1, 0], total: 2), [1, 1, 0, 0])
        // A tie in remainder goes to the larger stratum: sizes (2, 4), 4 posts: one each, R = 2
        // over capacities (1, 3), C = 4: 2/4, 6/4 -> floors 0, 1; remainders 2, 2: the larger.
        XCTAssertEqual(CodebookJob.allocate(sizes: [2, 4], total: 4), [1, 3])
        // Then to the earlier: 1 over capacities (1, 2, 2) after one each: R = 1, C = 5,
        // remainders 1, 2, 2: the second and third tie with the same size, the second wins.
        XCTAssertEqual(CodebookJob.allocate(sizes: [2, 3, 3], total: 4), [1, 2, 1])
        // Empty strata get nothing; the total is always met.
        let quotas = CodebookJob.allocate(sizes: [100, 7, 0, 33, 1], total: 50)
        XCTAssertEqual(quotas.reduce(0, +), 50)
        XCTAssertEqual(quotas[2], 0)
        XCTAssertTrue(quotas.enumerated().allSatisfy { $0.element >= ([100, 7, 0, 33, 1][$0.offset] > 0 ? 1 : 0) })
    }
}
