import Crypto

/// SHA-256 is swift-crypto's (`Crypto.SHA256`, BoringSSL's assembly on Linux). The cache keys,
/// lexicon fingerprints and page names keep their shape: digests as byte arrays, lower-case hex.
extension SHA256 {
    static func digest<C: Collection>(_ message: C) -> [UInt8] where C.Element == UInt8 {
        Array(hash(data: Array(message)))
    }

    /// The digest of `text`'s UTF-8 bytes, as lower-case hex.
    static func hex(_ text: String) -> String { hex(digest(Array(text.utf8))) }

    static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
