import EarshotCore
/// Seeded randomness for the sample generator. Everything the generator writes comes from these
/// functions, never from the system generator or the clock, so that a seed gives the same bytes
/// on every run and every platform.

/// SplitMix64 (Steele, Lea and Flood 2014): a one-step mix used to seed streams and to hash
/// (seed, index) pairs into independent values.
@inline(__always)
func splitMix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Mixes several values into one 64-bit key (for per-index values that must not depend on the
/// order in which things are generated).
@inline(__always)
func sampleHash(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> UInt64 {
    splitMix64(splitMix64(splitMix64(a) ^ b) ^ c)
}

/// A stable 64-bit hash of a string (FNV-1a then mixed): for ids derived from handles. Swift's
/// own `hashValue` is seeded per process and must never reach the output.
func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01B3
    }
    return splitMix64(h)
}

/// A double in [0, 1) from the top 53 bits of a 64-bit value.
@inline(__always)
func unitInterval(_ bits: UInt64) -> Double {
    Double(bits >> 11) * (1.0 / 9_007_199_254_740_992.0)
}

/// xoshiro256** (Blackman and Vigna 2018): the generator for every random choice.
struct SampleRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A stream for one purpose (`stream`) under one seed: streams with different purposes are
    /// independent, so adding posts to one organization never changes another.
    init(seed: UInt64, stream: UInt64 = 0) {
        var x = sampleHash(seed, stream, 0x5EED)
        x = splitMix64(x); s0 = x
        x = splitMix64(x); s1 = x
        x = splitMix64(x); s2 = x
        x = splitMix64(x); s3 = x
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { unitInterval(next()) }

    /// Uniform integer in 0..<bound (bound > 0), without modulo bias worth speaking of
    /// (Lemire's multiply-shift).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform integer in a closed range.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform double in [a, b).
    @inline(__always)
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    @inline(__always)
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Index drawn with the given non-negative weights (at least one positive).
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// Standard normal (Marsaglia's polar method; only +, *, / and sqrt, which IEEE 754 rounds
    /// the same everywhere, plus `SampleMath.log`).
    mutating func normal() -> Double {
        while true {
            let u = 2 * unit() - 1
            let v = 2 * unit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * SampleMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Log-normal with the given median and shape: the heavy tail of engagement counts.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * SampleMath.exp(sigma * normal())
    }

    /// Pareto with minimum 1 and tail index `alpha`: the rare posts that "go viral".
    mutating func pareto(alpha: Double) -> Double {
        let u = 1 - unit()  // (0, 1]
        return SampleMath.exp(-SampleMath.log(u) / alpha)
    }

    /// Fisher-Yates shuffle.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { items.swapAt(i, j) }
        }
    }
}

/// exp and log from basic arithmetic only: the platform's libm may differ in the last bit between
/// Linux and macOS, and a different last bit can round a counter differently. These do not.
enum SampleMath {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm for x > 0 (returns a large negative number for x <= 0).
    static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x > 0 ? 709.0 : -745.0 }
        // x = m * 2^e with m in [1, 2): exact in IEEE 754.
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.414_213_562_373_095 { m *= 0.5; e += 1 }
        // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        return 2 * sum + e * ln2
    }

    /// e^x, clamped to the range of finite doubles.
    static func exp(_ x: Double) -> Double {
        if x > 709 { return .greatestFiniteMagnitude }
        if x < -745 { return 0 }
        let k = (x / ln2).rounded()
        let r = x - k * ln2  // |r| <= 0.35
        // Taylor series of e^r.
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        for _ in 0..<18 {
            term *= r / n
            sum += term
            n += 1
        }
        return scale(sum, Int(k))
    }

    /// a^b for a > 0.
    static func pow(_ a: Double, _ b: Double) -> Double { exp(b * log(a)) }

    /// value * 2^k, exactly (repeated steps keep subnormal and huge cases finite).
    private static func scale(_ value: Double, _ k: Int) -> Double {
        var v = value
        var k = k
        while k > 1000 { v *= Double(sign: .plus, exponent: 1000, significand: 1); k -= 1000 }
        while k < -1000 { v *= Double(sign: .plus, exponent: -1000, significand: 1); k += 1000 }
        return v * Double(sign: .plus, exponent: k, significand: 1)
    }
}
