import Foundation

extension JSONStream {
    /// Reads the elements of the array whose `[` was just consumed, one at a time: each is parsed
    /// as a JSON object and turned into a post by `makePost` (with its warnings), or becomes a
    /// reject (too large, not an object, or the reason `makePost` gives).
    /// - Returns: how many elements had invalid UTF-8 replaced.
    mutating func readElements(
        file: ExportFile, emit: (consuming ReaderEvent) -> Void,
        makePost: ([String: Any], inout [String]) -> Result<Post, RejectReason>
    ) throws -> Int {
        var first = true
        var invalidUTF8 = 0
        while try nextElement(first: first) {
            first = false
            let line = self.line
            switch try captureValue() {
            case let .tooLarge(size):
                emit(.finding(.reject(file: file.displayPath, line: line, reason: "record too large (\(size) bytes)")))
            case let .bytes(bytes):
                let excerpt = String(decoding: bytes.prefix(200), as: UTF8.self)
                var repaired = false
                guard let element = JSONRecord.parse(bytes, repaired: &repaired) else {
                    emit(.finding(.reject(file: file.displayPath, line: line, reason: "not a valid JSON object", excerpt: excerpt)))
                    continue
                }
                if repaired { invalidUTF8 += 1 }
                var warnings: [String] = []
                switch makePost(element, &warnings) {
                case let .success(post): emit(.post(post, line: line))
                case let .failure(reason):
                    emit(.finding(.reject(file: file.displayPath, line: line, reason: reason.text, excerpt: excerpt)))
                }
                for warning in warnings { emit(.finding(.warning(file: file.displayPath, line: line, reason: warning))) }
            }
        }
        return invalidUTF8
    }
}
