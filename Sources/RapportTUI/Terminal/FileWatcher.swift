#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells the run loop when a file (the journal) changes, so lines appended by
/// another manager or a script show up within a second.
///
/// On Linux it is an inotify descriptor for the loop to watch: no polling, no CPU
/// while nothing happens. Replacing the file (rename over it) is followed by
/// watching the new file. Where inotify is unavailable (macOS, or no watch can
/// be added) `descriptor` is nil and the caller wakes every `pollInterval` to
/// call `consumeChanges()`, which then compares size and modification time.
public final class FileWatcher {
    public let path: String
    public private(set) var descriptor: Int32?
    private var watch: Int32 = -1
    private var signature: Signature?

    private struct Signature: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int
    }

    public init(path: String) {
        self.path = path
        signature = Self.signature(of: path)
        #if os(Linux)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor >= 0 {
            self.descriptor = descriptor
            if !addWatch() {
                close(descriptor)
                self.descriptor = nil
            }
        }
        #endif
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// How often to call `consumeChanges()` when notifications alone cannot be
    /// trusted: no descriptor, or the file is gone and not yet back.
    public var pollInterval: Duration? {
        descriptor == nil || watch < 0 ? .seconds(1) : nil
    }

    /// Whether the file changed since the last call. Drains the notifications.
    public func consumeChanges() -> Bool {
        var changed = false
        #if os(Linux)
        if let descriptor {
            var replaced = false
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let (mask, length) = buffer.withUnsafeBytes { bytes in
                        (bytes.load(fromByteOffset: offset + 4, as: UInt32.self),
                         Int(bytes.load(fromByteOffset: offset + 12, as: UInt32.self)))
                    }
                    changed = true
                    if mask & UInt32(IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED) != 0 { replaced = true }
                    offset += MemoryLayout<inotify_event>.size + length
                }
            }
            if replaced, watch >= 0 {
                inotify_rm_watch(descriptor, watch)
                watch = -1
            }
            if watch < 0 { _ = addWatch() }
        }
        #endif
        let current = Self.signature(of: path)
        if current != signature {
            signature = current
            changed = true
        }
        return changed
    }

    #if os(Linux)
    private func addWatch() -> Bool {
        guard let descriptor else { return false }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVE_SELF | IN_ATTRIB | IN_DELETE_SELF)
        watch = inotify_add_watch(descriptor, path, mask)
        return watch >= 0
    }
    #endif

    private static func signature(of path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Glibc)
        return Signature(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         modified: Int64(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        #else
        return Signature(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         modified: Int64(info.st_mtimespec.tv_sec), modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec))
        #endif
    }
}
