import Foundation

/// The lock that keeps two runs off one output folder (cron starting tonight's run while last
/// night's is still writing). It is `flock(2)` on a file beside the folder,
/// `<parent>/.<name>.earshot-lock`: beside, not inside, because a finished report is swapped
/// in as a whole folder (`OutputFolder`) and a lock file inside would be swapped away with it.
///
/// The kernel releases the lock when the process ends, however it ends (a crash or SIGKILL
/// leaves no stale lock to clean up). The file stays beside an output folder that exists; it
/// holds the pid of the last run that took it, for the message. A run that ends without the
/// folder existing (it failed before writing it, or was told a path it never wrote) removes the
/// lock file while still holding the lock, so that no `.name.earshot-lock` is left beside a
/// folder that never was (issue 14). A run that takes the lock checks that the file it locked is
/// still the one at the path (not one removed meanwhile), else it opens the new one: two runs
/// can never both hold a lock. On NFS, Linux maps `flock` to POSIX locks held by the server.
public final class OutputLock {
    /// The lock file.
    public let path: String
    private var descriptor: Int32
    /// The output folder: the lock file is removed on release when it does not exist.
    private let output: String

    /// Exit code of a run that found the folder locked and did not wait: EX_TEMPFAIL from
    /// sysexits.h, which schedulers read as "try again later".
    public static let busyExitCode: Int32 = 75

    /// Another run holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public var output: String
        public var lockFile: String
        public var holder: String?
        public var description: String {
            "another earshot run\(holder.map { " (pid \($0))" } ?? "") is writing \(output) (lock \(lockFile)); "
                + "this run stopped without reading anything: run it later, or with --wait to queue behind it"
        }
    }

    /// The lock file of an output folder.
    public static func lockPath(forOutput output: String) -> String {
        let (parent, name) = OutputFolder.parentAndName(OutputFolder.resolved(output))
        return parent + "/." + name + ".earshot-lock"
    }

    /// Takes the lock of `output`, waiting for the current holder if `wait`, else throwing
    /// `Busy` at once.
    public static func acquire(output: String, wait: Bool) throws -> OutputLock {
        let path = lockPath(forOutput: output)
        let parent = OutputFolder.parentAndName(path).parent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputFolder.OutputError.notWritable(output, "\(error.localizedDescription)")
        }
        while true {
            let fd = try lockedDescriptor(path: path, output: output, wait: wait)
            // The file may have been removed by the run that held it (see above): lock again.
            var opened = stat(), current = stat()
            if fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                return OutputLock(path: path, descriptor: fd, output: output)
            }
            close(fd)
        }
    }

    /// Opens (creating) the lock file and takes its flock.
    private static func lockedDescriptor(path: String, output: String, wait: Bool) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputFolder.OutputError.notWritable(output, "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK {
                var buffer = [UInt8](repeating: 0, count: 32)
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
                close(fd)
                let holder = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
                throw Busy(output: output, lockFile: path, holder: holder.isEmpty ? nil : holder)
            }
            close(fd)
            throw OutputFolder.OutputError.notWritable(output, "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        return fd
    }

    private init(path: String, descriptor: Int32, output: String) {
        self.path = path
        self.descriptor = descriptor
        self.output = output
    }

    /// Gives the lock up (also done when the lock is released from memory or the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        if !FileManager.default.fileExists(atPath: OutputFolder.resolved(output)) { unlink(path) }
        close(descriptor) // closing the only descriptor releases the flock
        descriptor = -1
    }

    deinit { release() }
}
