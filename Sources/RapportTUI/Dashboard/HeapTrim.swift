#if canImport(Glibc)
import Glibc
#endif

/// Hands the pages of freed heap blocks back to the system.
///
/// The dashboard rebuilds search text and the caller index on other threads, and glibc
/// keeps what each thread frees in that thread's own arena, in pieces between live
/// blocks, where it counts as resident memory. Over a day of changes that crept up by a
/// few megabytes a burst. `malloc_trim` returns the whole free pages among them; it takes
/// a millisecond or two on a book of a million contacts, so it runs on a worker thread
/// once the dashboard has settled after a change.
///
/// Looked up at run time: on a C library without it, this does nothing.
public enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    public static func now() {
        _ = trim?(0)
    }
}
