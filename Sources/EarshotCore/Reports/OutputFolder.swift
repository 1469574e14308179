import Foundation

/// The output folder. Files are staged in a hidden folder inside it and moved into place only
/// when every one of them is written, so a failed run replaces nothing and a reader never finds
/// a half-written file (outputs.md).
public final class OutputFolder {
    public let path: String
    let staging: String
    private var staged: [String] = []

    public enum OutputError: Error, CustomStringConvertible {
        case notWritable(String, String)
        public var description: String {
            switch self {
            case let .notWritable(path, reason): return "\(path): output not writable: \(reason)"
            }
        }
    }

    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
            staging = path + "/.earshot-staging-\(getpid())"
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError.notWritable(path, "\(error.localizedDescription)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: staging) }

    /// The staged path of `name` (which may contain `/`), for writers that stream.
    public func stagedPath(_ name: String) throws -> String {
        let target = staging + "/" + name
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError.notWritable(folder, "\(error.localizedDescription)")
        }
        if !staged.contains(name) { staged.append(name) }
        return target
    }

    public func write(_ name: String, _ text: String) throws {
        let sink = try FileSink(path: stagedPath(name))
        try sink.write(text)
        try sink.close()
    }

    /// Moves every staged file into place (rename(2) within one file system: atomic per file).
    public func commit() throws {
        let fm = FileManager.default
        for name in staged {
            let target = path + "/" + name
            let folder = (target as NSString).deletingLastPathComponent
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError.notWritable(folder, "\(error.localizedDescription)")
            }
            if rename(staging + "/" + name, target) != 0 {
                throw OutputError.notWritable(target, String(cString: strerror(errno)))
            }
        }
        staged.removeAll()
        try? fm.removeItem(atPath: staging)
    }
}
