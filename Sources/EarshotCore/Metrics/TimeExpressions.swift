/// Time expressions (metrics.md section 2): with an event phrase they make a call to action.
/// Matched as whole words in the body: a weekday, a month and day (`jul 30`, `july 30th`,
/// `sept. 3`), a clock time (`9am`, `4:30 pm`, `14:05`), or `today`, `tomorrow`, `tonight`,
/// `this week`, `next week`.
///
/// Judgement calls: the day number is written without a leading zero (`jul 05` is not one, as
/// `1-31` reads), any of `st`/`nd`/`rd`/`th` may follow it; an hour before `am`/`pm` is 1-12
/// without a leading zero; exactly one space between month and day, and in `this week`.
enum TimeExpressions {
    /// The words below, each packed into an integer (`packed`): a word of the body is looked up
    /// without making a `String` of it.
    /// Sorted, and searched by halving: a `Set`'s hashing cost more than the whole search.
    private static let packedWords = words.map { packed(Array($0.unicodeScalars)[...])! }.sorted()
    private static let packedMonths = months.map { packed(Array($0.unicodeScalars)[...])! }.sorted()

    /// Whether the sorted `keys` hold `key`.
    private static func find(_ key: UInt64, in keys: [UInt64]) -> Bool {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key
    }
    private static let this = packed(Array("this".unicodeScalars)[...])!
    private static let next = packed(Array("next".unicodeScalars)[...])!

    /// Up to nine letters `a`-`z`, seven bits each; nil for anything else.
    private static func packed<C: Collection<Unicode.Scalar>>(_ scalars: C) -> UInt64? {
        guard scalars.count <= 9 else { return nil }
        var key: UInt64 = 0
        for s in scalars {
            guard s.value >= 0x61 && s.value <= 0x7A else { return nil }
            key = key << 7 | UInt64(s.value)
        }
        return key
    }

    private static let words: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "tomorrow", "tonight",
    ]
    private static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// The body's scalars and word flags as buffers: the helpers below index them freely, and
    /// array bounds checks were much of their cost.
    private typealias ScalarBuffer = UnsafeBufferPointer<Unicode.Scalar>
    private typealias WordBuffer = UnsafeBufferPointer<Bool>

    static func contains(in body: PostBody) -> Bool {
        body.scalars.withUnsafeBufferPointer { s in
            body.isWord.withUnsafeBufferPointer { isWord in contains(s, isWord) }
        }
    }

    private static func contains(_ s: ScalarBuffer, _ isWord: WordBuffer) -> Bool {
        let n = s.count
        var i = 0
        while i < n {
            guard isWord[i], i == 0 || !isWord[i - 1] else { i += 1; continue }
            var end = i
            while end < n, isWord[end] { end += 1 }
            if CharClass.isDigit(s[i]) {
                if clockTime(s, isWord, at: i) { return true }
            } else if end - i <= 9, let word = packed(s[i..<end]) {
                if find(word, in: packedWords) { return true }
                if word == this || word == next, matchesWeek(s, isWord, at: end) { return true }
                if find(word, in: packedMonths), dayNumber(s, isWord, afterMonthAt: end) { return true }
            }
            i = end
        }
        return false
    }

    @inline(__always)
    private static func boundary(_ isWord: WordBuffer, _ j: Int) -> Bool { j >= isWord.count || !isWord[j] }

    private static func matchesWeek(_ s: ScalarBuffer, _ isWord: WordBuffer, at i: Int) -> Bool {
        TextScanner.hasPrefix(s, at: i, " week") && boundary(isWord, i + 5)
    }

    /// After a month name: an optional `.`, one space, a day 1-31, an optional ordinal suffix.
    private static func dayNumber(_ s: ScalarBuffer, _ isWord: WordBuffer, afterMonthAt start: Int) -> Bool {
        var i = start
        if i < s.count, s[i] == "." { i += 1 }
        guard i < s.count, s[i] == " " else { return false }
        i += 1
        // Two digits first, then one (a stride, not an array literal: no allocation per call).
        for length in stride(from: 2, through: 1, by: -1) {
            guard i + length <= s.count, let day = number(s, i, length), (1...31).contains(day) else { continue }
            if length == 2, s[i] == "0" { continue }
            let end = i + length
            if ordinalSuffix(s, at: end), boundary(isWord, end + 2) { return true }
            if boundary(isWord, end) { return true }
        }
        return false
    }

    private static func ordinalSuffix(_ s: ScalarBuffer, at i: Int) -> Bool {
        guard i + 1 < s.count else { return false }
        switch (s[i], s[i + 1]) {
        case ("s", "t"), ("n", "d"), ("r", "d"), ("t", "h"): return true
        default: return false
        }
    }

    /// `1-12` with optional `:MM`, optional space and `am`/`pm`; or `H:MM`/`HH:MM` 0:00-23:59.
    private static func clockTime(_ s: ScalarBuffer, _ isWord: WordBuffer, at i: Int) -> Bool {
        for length in stride(from: 2, through: 1, by: -1) {
            guard i + length <= s.count, let hour = number(s, i, length) else { continue }
            let afterHour = i + length
            let hasMinutes = minutes(s, at: afterHour)
            // 24-hour form.
            if hasMinutes, hour <= 23, boundary(isWord, afterHour + 3) { return true }
            // 12-hour form with am/pm, after the minutes if any, else right after the hour.
            if (1...12).contains(hour), !(length == 2 && s[i] == "0") {
                func meridiemAt(_ j: Int) -> Bool {
                    meridiem(s, isWord, at: j) || (j < s.count && s[j] == " " && meridiem(s, isWord, at: j + 1))
                }
                if hasMinutes, meridiemAt(afterHour + 3) { return true }
                if meridiemAt(afterHour) { return true }
            }
        }
        return false
    }

    /// `:MM` with MM 00-59 at `i`.
    private static func minutes(_ s: ScalarBuffer, at i: Int) -> Bool {
        guard i + 3 <= s.count, s[i] == ":", let m = number(s, i + 1, 2) else { return false }
        return m <= 59
    }

    private static func meridiem(_ s: ScalarBuffer, _ isWord: WordBuffer, at i: Int) -> Bool {
        guard i + 2 <= s.count, s[i] == "a" || s[i] == "p", s[i + 1] == "m" else { return false }
        return boundary(isWord, i + 2)
    }

    /// The ASCII decimal number of exactly `length` digits at `i`.
    private static func number(_ s: ScalarBuffer, _ i: Int, _ length: Int) -> Int? {
        var value = 0
        for k in i..<(i + length) {
            guard CharClass.isDigit(s[k]) else { return nil }
            value = value * 10 + Int(s[k].value - 0x30)
        }
        return value
    }
}
