import Foundation
import Testing
@testable import RapportTUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct EventLoopTests {
    func makePipe() -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        _ = pipe(&descriptors)
        return (descriptors[0], descriptors[1])
    }

    @Test func endOfInputEndsTheLoop() {
        let input = makePipe()
        defer { close(input.read) }
        close(input.write)
        let loop = EventLoop(input: input.read)
        var wakes = 0
        let ending = loop.run(nextDeadline: { nil }) { _ in
            wakes += 1
            return .keepRunning
        }
        #expect(ending == .inputClosed)
        #expect(wakes == 0)
    }

    @Test func inputWakesTheLoop() {
        let input = makePipe()
        defer { close(input.read); close(input.write) }
        _ = write(input.write, "q", 1)
        let wakeup = EventLoop(input: input.read).wait(until: nil)
        #expect(wakeup.inputReady)
        #expect(!wakeup.inputClosed)
    }

    @Test func deadlineWakesWithoutInput() {
        let input = makePipe()
        defer { close(input.read); close(input.write) }
        let start = ContinuousClock.now
        let wakeup = EventLoop(input: input.read).wait(until: start + .milliseconds(30))
        #expect(wakeup.deadlineReached)
        #expect(!wakeup.inputReady)
        #expect(ContinuousClock.now - start >= .milliseconds(30))
    }

    @Test func timeoutRoundsUpAndNilIsForever() {
        #expect(EventLoop.timeout(until: nil) == -1)
        #expect(EventLoop.timeout(until: ContinuousClock.now - .seconds(1)) == 0)
        let timeout = EventLoop.timeout(until: ContinuousClock.now + .microseconds(1500))
        #expect(timeout == 2 || timeout == 1)
    }

    @Test func watchedDescriptorsCallTheirCallback() {
        let input = makePipe(), journal = makePipe()
        defer { [input.read, input.write, journal.read, journal.write].forEach { close($0) } }
        let loop = EventLoop(input: input.read)
        var received = ""
        loop.watch(journal.read) {
            var buffer = [UInt8](repeating: 0, count: 16)
            let count = read(journal.read, &buffer, 16)
            received += String(decoding: buffer[0..<max(count, 0)], as: UTF8.self)
        }
        _ = write(journal.write, "line", 4)
        var rounds = 0
        let ending = loop.run(nextDeadline: { nil }) { wakeup in
            rounds += 1
            return received.isEmpty ? .keepRunning : .stop
        }
        #expect(ending == .stopped)
        #expect(received == "line")
        #expect(rounds == 1)
    }

    @Test func signalsArriveThroughThePipe() throws {
        TerminalRestore.clearSignalMask()
        let signals = try SignalPipe(signals: [SIGUSR1])
        let input = makePipe()
        defer { close(input.read); close(input.write) }
        raise(SIGUSR1)
        let wakeup = EventLoop(input: input.read, signalPipe: signals).wait(until: ContinuousClock.now + .seconds(5))
        #expect(wakeup.signals == [SIGUSR1])
    }
}

@Suite struct FileWatcherTests {
    func temporaryFile() throws -> String {
        let path = try TestFolder.make("watch") + "/journal"
        try "# rapport journal v1\n".write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func append(_ text: String, to path: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND)
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
    }

    @Test func appendsAreNoticedThroughTheLoop() throws {
        let path = try temporaryFile()
        defer { unlink(path) }
        let watcher = FileWatcher(path: path)
        #if os(Linux)
        #expect(watcher.descriptor != nil)
        #expect(watcher.pollInterval == nil)
        #endif
        #expect(!watcher.consumeChanges())
        append("2026-11-22T09:14:03Z alice account.open ACME\n", to: path)
        if let descriptor = watcher.descriptor {
            let loop = EventLoop(input: -1)
            var changed = false
            loop.watch(descriptor) { changed = watcher.consumeChanges() }
            _ = loop.wait(until: ContinuousClock.now + .seconds(5))
            #expect(changed)
        } else {
            #expect(watcher.consumeChanges())
        }
        #expect(!watcher.consumeChanges())
    }

    @Test func aReplacedFileIsStillFollowed() throws {
        let path = try temporaryFile()
        let replacement = try temporaryFile()
        defer { unlink(path) }
        let watcher = FileWatcher(path: path)
        #expect(rename(replacement, path) == 0)
        #expect(watcher.consumeChanges())
        append("later\n", to: path)
        #expect(watcher.consumeChanges())
    }

    @Test func aMissingFileFallsBackToPolling() {
        let watcher = FileWatcher(path: "/nonexistent/rapport/journal.txt")
        #expect(watcher.pollInterval == .seconds(1))
        #expect(!watcher.consumeChanges())
    }
}
