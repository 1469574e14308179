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
    static func regularFiles(under root: String) -> [String] {
        var found: [String] = []
        walk(root, prefix: "", into: &found)
        return found
    }

    private static func walk(_ folder: String, prefix: String, into found: inout [String]) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        var folders: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
            }
            if name.utf8.first == UInt8(ascii: ".") { continue }  // `.`, `..` and hidden entries
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                // Some file systems leave the type out of the entry: ask without following links.
                var info = stat()
                guard lstat(folder + "/" + name, &info) == 0 else { continue }
                switch Int(info.st_mode) & Int(S_IFMT) {
                case Int(S_IFDIR): type = UInt8(DT_DIR)
                case Int(S_IFREG): type = UInt8(DT_REG)
                default: continue
                }
            }
            if type == UInt8(DT_DIR) {
                folders.append(name)
            } else if type == UInt8(DT_REG) {
                found.append(prefix + name)
            }
        }
        for name in folders { walk(folder + "/" + name, prefix: prefix + name + "/", into: &found) }
    }
}
