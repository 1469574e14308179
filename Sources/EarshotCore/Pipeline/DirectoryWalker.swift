#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regular files under a folder, as paths relative to it: what `FileManager`'s directory
/// enumerator gave `InputDiscovery`, with `readdir` and the entry types it already carries.
///
/// The enumerator built a dictionary of attributes and bridged an `NSString` for every entry;
/// discovery runs alone before any reading starts, so on a folder of ten thousand exports it
/// showed in the wall time. Rules, as before: names starting with `.` are skipped (folders with
/// their content), symbolic links are neither followed nor listed, unreadable folders are
/// skipped.
enum DirectoryWalker {
    /// A regular file (relative path), or a folder that could not be read and why.
    struct Entry: Equatable {
        var relative: String
        var skipReason: String?
    }

    static func regularFiles(under root: String) -> [String] {
        entries(under: root).filter { $0.skipReason == nil }.map(\.relative)
    }

    /// The regular files, and the folders below `root` that cannot be listed (with the reason),
    /// so that nothing is left out without a word. Names that are not UTF-8 are given in their
    /// escaped form (`NativePath`), which opens the same file.
    static func entries(under root: String) -> [Entry] {
        var found: [Entry] = []
        walk(root, prefix: "", into: &found)
        return found
    }

    private static func walk(_ folder: String, prefix: String, into found: inout [Entry]) {
        guard let dir = opendir(NativePath.bytes(folder)) else {
            if !prefix.isEmpty {
                found.append(Entry(relative: String(prefix.dropLast()), skipReason: "folder not read: \(systemError())"))
            }
            return
        }
        defer { closedir(dir) }
        var folders: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return NativePath.text(UnsafeBufferPointer(rebasing: bytes[..<length]))
            }
            if name.utf8.first == UInt8(ascii: ".") { continue }  // `.`, `..` and hidden entries
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                // Some file systems leave the type out of the entry: ask without following links.
                var info = stat()
                guard lstat(NativePath.bytes(folder + "/" + name), &info) == 0 else { continue }
                switch Int(info.st_mode) & Int(S_IFMT) {
                case Int(S_IFDIR): type = UInt8(DT_DIR)
                case Int(S_IFREG): type = UInt8(DT_REG)
                default: continue
                }
            }
            if type == UInt8(DT_DIR) {
                folders.append(name)
            } else if type == UInt8(DT_REG) {
                found.append(Entry(relative: prefix + name))
            }
        }
        for name in folders { walk(folder + "/" + name, prefix: prefix + name + "/", into: &found) }
    }
}
