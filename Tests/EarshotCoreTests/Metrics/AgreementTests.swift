import XCTest
@testable import EarshotCore

/// Agreement statistics against values computed by hand (in the comments).
final class AgreementTests: XCTestCase {
    // Rows: the coder; columns: Earshot. Classes 0 information, 1 community, 2 action.
    //          I  C  A   row
    //     I [  3, 1, 0]   4
    //     C [  1, 2, 0]   3
    //     A [  0, 1, 2]   3
    //  col     4  4  2   n = 10, agreements 7
    private func threeClassTable() -> Agreement.Confusion {
        var table = Agreement.Confusion(classCount: 3)
        let cells = [[3, 1, 0], [1, 2, 0], [0, 1, 2]]
        for r in 0..<3 { for p in 0..<3 { table.add(reference: r, predicted: p, times: cells[r][p]) } }
        return table
    }

    func testPrecisionRecallF1AndAccuracyByHand() throws {
        let t = threeClassTable()
        XCTAssertEqual(t.total, 10)
        XCTAssertEqual(t.accuracy, 0.7)
        // precision = diagonal / column: 3/4, 2/4, 2/2.
        XCTAssertEqual(t.precision(0), 0.75)
        XCTAssertEqual(t.precision(1), 0.5)
        XCTAssertEqual(t.precision(2), 1.0)
        // recall = diagonal / row: 3/4, 2/3, 2/3.
        XCTAssertEqual(t.recall(0), 0.75)
        XCTAssertEqual(try XCTUnwrap(t.recall(1)), 2.0 / 3.0, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(t.recall(2)), 2.0 / 3.0, accuracy: 1e-15)
        // F1 = 2 TP / (row + column): 6/8, 4/7, 4/5; macro = (105 + 80 + 112) / 140 / 3 = 99/140.
        XCTAssertEqual(t.f1(0), 0.75)
        XCTAssertEqual(try XCTUnwrap(t.f1(1)), 4.0 / 7.0, accuracy: 1e-15)
        XCTAssertEqual(t.f1(2), 0.8)
        XCTAssertEqual(try XCTUnwrap(t.macroF1), 99.0 / 140.0, accuracy: 1e-15)
    }

    func testCohensKappaByHand() throws {
        // p_o = 0.7; p_e = (4*4 + 3*4 + 3*2) / 100 = 0.34; kappa = 0.36 / 0.66 = 6/11.
        XCTAssertEqual(try XCTUnwrap(threeClassTable().kappa), 6.0 / 11.0, accuracy: 1e-15)

        // The usual two-reader example: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        // p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
        var two = Agreement.Confusion(classCount: 2)
        two.add(reference: 0, predicted: 0, times: 20)
        two.add(reference: 0, predicted: 1, times: 5)
        two.add(reference: 1, predicted: 0, times: 10)
        two.add(reference: 1, predicted: 1, times: 15)
        XCTAssertEqual(try XCTUnwrap(two.kappa), 0.4, accuracy: 1e-15)

        // Complete disagreement on a balanced table: p_o = 0, p_e = 0.5, kappa = -1.
        let opposite = Agreement.Confusion(classCount: 2, pairs: [(0, 1), (1, 0)])
        XCTAssertEqual(opposite.kappa, -1)
    }

    func testUndefinedStatisticsAreNil() {
        // Both always say class 0: p_e = 1, kappa is 0/0; class 1 has no precision, recall or F1.
        let same = Agreement.Confusion(classCount: 2, pairs: [(0, 0), (0, 0)])
        XCTAssertNil(same.kappa)
        XCTAssertNil(same.precision(1))
        XCTAssertNil(same.recall(1))
        XCTAssertNil(same.f1(1))
        XCTAssertEqual(same.macroF1, 1) // over the one class used
        XCTAssertEqual(same.accuracy, 1)
        let empty = Agreement.Confusion(classCount: 3)
        XCTAssertNil(empty.kappa)
        XCTAssertNil(empty.accuracy)
        XCTAssertNil(empty.macroF1)
        // Earshot never says class 1, the coder does once: precision undefined, recall 0, F1 0.
        let missed = Agreement.Confusion(classCount: 2, pairs: [(1, 0), (0, 0)])
        XCTAssertNil(missed.precision(1))
        XCTAssertEqual(missed.recall(1), 0)
        XCTAssertEqual(missed.f1(1), 0)
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal
    /// data, four observers, twelve units, missing values. Pairable values n = 40 (unit 12 has
    /// one value and drops out); n_1..n_5 = 9, 13, 10, 5, 3; the off-diagonal coincidences add
    /// up to 8 (units 2, 6, 8 disagree); alpha = 1 - 39 * 8 / (40^2 - (81 + 169 + 100 + 25 + 9))
    /// = 1 - 312 / 1216 = 0.743.
    func testKrippendorffTextbookNominalWithMissingValues() throws {
        let observers: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        let units = (0..<12).map { u in observers.map { $0[u] } }
        let alpha = try XCTUnwrap(Agreement.krippendorffAlpha(units))
        XCTAssertEqual(alpha, 1 - 312.0 / 1216.0, accuracy: 1e-12)
        XCTAssertEqual((alpha * 1000).rounded() / 1000, 0.743)
        XCTAssertEqual(Agreement.pairableValues(units), 40)
    }

    func testKrippendorffSmallCasesByHand() throws {
        // Two coders, four units (0,0) (0,1) (1,1) (1,1), and one unit with a single value.
        // n = 8 pairable values: three 0s, five 1s. Unit 2 gives 2 ordered different pairs / (2-1).
        // alpha = 1 - 7 * 2 / (64 - 9 - 25) = 1 - 14/30 = 8/15.
        let units: [[Int?]] = [[0, 0], [0, 1], [1, 1], [1, 1], [1, nil]]
        XCTAssertEqual(try XCTUnwrap(Agreement.krippendorffAlpha(units)), 8.0 / 15.0, accuracy: 1e-15)
        // Perfect agreement with variation: 1. No variation at all: undefined.
        XCTAssertEqual(Agreement.krippendorffAlpha([[0, 0], [1, 1]] as [[Int?]]), 1)
        XCTAssertNil(Agreement.krippendorffAlpha([[0, 0], [0, 0]] as [[Int?]]))
        XCTAssertNil(Agreement.krippendorffAlpha([[0, nil], [1]] as [[Int?]]))
        // Two coders, no missing values, systematic disagreement: (0,1) (1,0): n = 4, two 0s
        // and two 1s, 4 different ordered pairs; alpha = 1 - 3 * 4 / (16 - 8) = -0.5.
        XCTAssertEqual(Agreement.krippendorffAlpha([[0, 1], [1, 0]] as [[Int?]]), -0.5)
    }

    func testSplitMix64MatchesTheReferenceStream() {
        // The reference outputs of SplitMix64 from seed 0.
        var random = SplitMix64(seed: 0)
        XCTAssertEqual(random.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(random.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(random.next(), 0x06C4_5D18_8009_454F)
    }

    func testBootstrapByHandAndDeterministic() throws {
        // Seed 7, three units valued 10, 20, 60, four resamples: the index draws (r % 3 of the
        // SplitMix64 stream, computed separately) are [0,0,0] [0,1,0] [1,0,2] [2,1,1], so the
        // resample means are 10, 13.33, 30, 33.33. With k = 4: ranks ceil(0.1) = 1 and
        // ceil(3.9) = 4, the interval is [10, 33.33].
        let values = [10.0, 20.0, 60.0]
        let boot = Agreement.Bootstrap(resamples: 4, seed: 7)
        var seen: [[Int]] = []
        let interval = try XCTUnwrap(boot.intervals(units: 3) { sample in
            seen.append(sample)
            return [sample.map { values[$0] }.reduce(0, +) / 3]
        }[0])
        XCTAssertEqual(seen, [[0, 0, 0], [0, 1, 0], [1, 0, 2], [2, 1, 1]])
        XCTAssertEqual(interval.low, 10)
        XCTAssertEqual(interval.high, 100.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(interval.resamples, 4)

        // The same seed gives the same intervals; another seed other resamples.
        let stat: ([Int]) -> [Double?] = { sample in [Double(sample.reduce(0, +)) / Double(sample.count)] }
        let a = Agreement.Bootstrap(resamples: 200, seed: 16).intervals(units: 50, stat)
        let b = Agreement.Bootstrap(resamples: 200, seed: 16).intervals(units: 50, stat)
        let c = Agreement.Bootstrap(resamples: 200, seed: 17).intervals(units: 50, stat)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testPercentileRanksAndUndefinedResamples() throws {
        // k = 1000: the 25th and 975th values.
        let thousand = Agreement.Bootstrap.percentileInterval((1...1000).map(Double.init).reversed())
        XCTAssertEqual(thousand, Agreement.Interval(low: 25, high: 975, resamples: 1000))
        // k = 40: ranks ceil(1.0) = 1 and ceil(39.0) = 39.
        XCTAssertEqual(Agreement.Bootstrap.percentileInterval((1...40).map(Double.init)),
                       Agreement.Interval(low: 1, high: 39, resamples: 40))
        // k = 7: ranks 1 and ceil(6.825) = 7.
        XCTAssertEqual(Agreement.Bootstrap.percentileInterval((1...7).map(Double.init)),
                       Agreement.Interval(low: 1, high: 7, resamples: 7))
        XCTAssertNil(Agreement.Bootstrap.percentileInterval([]))
        // A statistic undefined on every resample has no interval; one defined on some has an
        // interval over those only.
        let intervals = Agreement.Bootstrap(resamples: 10, seed: 1).intervals(units: 2) { sample in
            [nil, sample.contains(0) ? 1.0 : nil]
        }
        XCTAssertNil(intervals[0])
        let partial = try XCTUnwrap(intervals[1])
        XCTAssertEqual(partial.low, 1)
        XCTAssertLessThanOrEqual(partial.resamples, 10)
    }
}
