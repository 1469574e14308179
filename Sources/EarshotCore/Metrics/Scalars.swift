/// Conversions between `String` and the scalar arrays the text features work on, done by hand
/// over UTF-8: `Array(text.unicodeScalars)` counts the scalars before copying them, and
/// `String.UnicodeScalarView.append(contentsOf:)` goes a scalar at a time through generic code.
/// Both ran several times per post.
enum Scalars {
    /// The scalars of `text`, as `Array(text.unicodeScalars)` gives them.
    static func of(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        decode(text, into: &scalars)
        return scalars
    }

    /// The same into an array that keeps its storage from one post to the next.
    static func decode(_ text: String, into scalars: inout [Unicode.Scalar]) {
        var text = text
        text.withUTF8 { utf8 in
            guard let p = utf8.baseAddress, utf8.count > 0 else {
                scalars.removeAll(keepingCapacity: true)
                return
            }
            let n = utf8.count
            // At most one scalar per byte: room for n, then cut to the number decoded.
            scalars.resize(to: n, filler: Unicode.Scalar(0))
            let decoded = scalars.withUnsafeMutableBufferPointer { out -> Int in
                let q = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt32.self)
                var i = 0
                var k = 0
                while i < n {
                    // Sixteen ASCII bytes at a time, widened as one vector.
                    if i + 16 <= n {
                        let chunk = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
                        if chunk & SIMD16(repeating: 0x80) == SIMD16() {
                            UnsafeMutableRawPointer(q + k).storeBytes(of: SIMD16<UInt32>(truncatingIfNeeded: chunk), as: SIMD16<UInt32>.self)
                            i += 16
                            k += 16
                            continue
                        }
                    }
                    // Eight ASCII bytes at a time, widened without a branch per byte.
                    if i + 8 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        for j in 0..<8 { q[k + j] = UInt32(p[i + j]) }
                        i += 8
                        k += 8
                        continue
                    }
                    let b = UInt32(p[i])
                    // A String's UTF-8 is valid: the lead byte says how many bytes follow.
                    if b < 0x80 {
                        q[k] = b
                        i += 1
                    } else if b < 0xE0 {
                        q[k] = (b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
                        i += 2
                    } else if b < 0xF0 {
                        q[k] = (b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
                        i += 3
                    } else {
                        q[k] = (b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                            | UInt32(p[i + 3] & 0x3F)
                        i += 4
                    }
                    k += 1
                }
                return k
            }
            if decoded < n { scalars.removeLast(n - decoded) }
        }
    }

    /// The index of the first scalar from `i` on (before `end`) that is `a` or `b`; `end` if
    /// none. A plain loop: comparing eight at once with `SIMD8` cost three times as much here.
    @inline(__always)
    static func firstIndex(in s: UnsafeBufferPointer<Unicode.Scalar>, from i: Int, to end: Int, of a: UInt32, or b: UInt32) -> Int {
        var i = i
        while i < end, s[i].value != a, s[i].value != b { i += 1 }
        return i
    }

    /// The text of some scalars; with `lowercasingASCII`, `A`-`Z` become `a`-`z` (handles, which
    /// are ASCII, where `String.lowercased()` does the same).
    static func string<C: Collection>(_ scalars: C, lowercasingASCII: Bool = false) -> String where C.Element == Unicode.Scalar {
        var bytes = 0
        for s in scalars { bytes += UTF8.width(s) }
        return String(unsafeUninitializedCapacity: bytes) { out in
            var k = 0
            for s in scalars {
                let v = s.value
                if v < 0x80 {
                    out[k] = lowercasingASCII && v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v)
                    k += 1
                } else if v < 0x800 {
                    out[k] = UInt8(0xC0 | v >> 6)
                    out[k + 1] = UInt8(0x80 | v & 0x3F)
                    k += 2
                } else if v < 0x10000 {
                    out[k] = UInt8(0xE0 | v >> 12)
                    out[k + 1] = UInt8(0x80 | (v >> 6) & 0x3F)
                    out[k + 2] = UInt8(0x80 | v & 0x3F)
                    k += 3
                } else {
                    out[k] = UInt8(0xF0 | v >> 18)
                    out[k + 1] = UInt8(0x80 | (v >> 12) & 0x3F)
                    out[k + 2] = UInt8(0x80 | (v >> 6) & 0x3F)
                    out[k + 3] = UInt8(0x80 | v & 0x3F)
                    k += 4
                }
            }
            return k
        }
    }
}

extension Array {
    /// Makes the count `count`: cut, or grown with `filler`. For arrays kept from post to post
    /// whose elements are all overwritten next: only the difference in length is filled.
    @inline(__always)
    mutating func resize(to count: Int, filler: Element) {
        if self.count > count {
            removeLast(self.count - count)
        } else if self.count < count {
            append(contentsOf: repeatElement(filler, count: count - self.count))
        }
    }
}
