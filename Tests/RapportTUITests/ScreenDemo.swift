import Foundation
import RapportTUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny program on top of `Screen`, `SignalPipe` and `EventLoop`, run inside
/// tmux by `ScreenTests` (the test binary starts itself with a filter that selects
/// `ScreenTests.demoProgram`). It shows a table of awkward names, the terminal
/// size and the last keys read; `q` quits, `!` crashes on purpose.
enum ScreenDemo {
    static let variable = "RAPPORT_SCREEN_DEMO"

    static func run() -> Never {
        let environment = ProcessInfo.processInfo.environment
        let screen: Screen
        do {
            screen = try Screen(theme: Theme.fallback, environment: environment)
        } catch {
            print("error: \(error)")
            exit(2)
        }
        let signals: SignalPipe
        do {
            signals = try SignalPipe()
        } catch {
            screen.close()
            print("error: \(error)")
            exit(2)
        }
        let loop = EventLoop(signalPipe: signals)
        var keys: [String] = []

        func frame() -> Canvas {
            let size = screen.size
            var canvas = Canvas(width: size.width, height: size.height)
            let (main, status) = canvas.bounds.divided(atRow: size.height - 1)
            let pane = Pane(title: "Accounts", isFocused: true)
            pane.render(in: main, on: &canvas)
            let table = Table(columns: [Table.Column("Name", width: .flexible(minimum: 10)),
                                        Table.Column("Tier", width: .fixed(6)),
                                        Table.Column("Health", width: .fixed(6), alignment: .trailing)],
                              rows: [Table.Row(["Zoë Müller", "large", "82"]),
                                     Table.Row(["山田太郎", "small", "45"]),
                                     Table.Row(["Eve \u{1B}[31mRed", "medium", "12"])],
                              selection: 1)
            table.render(in: pane.contentRect(in: main).divided(atRow: 4).top, on: &canvas)
            StatusLine(message: "size \(size.width)x\(size.height) keys: " + keys.joined(separator: " "),
                       hints: [KeyHint(key: "q", label: "quit")]).render(in: status, on: &canvas)
            return canvas
        }

        screen.draw(frame())
        let ending = loop.run(nextDeadline: { nil }) { _ in
            for key in screen.readKeys() {
                if key == .char("q") { return .stop }
                if key == .char("!") {
                    let missing: Int? = environment["RAPPORT_NEVER_SET"].flatMap { Int($0) }
                    print(missing!)
                }
                if key != .resize { keys = Array((keys + [key.displayName]).suffix(10)) }
            }
            screen.draw(frame())
            return .keepRunning
        }
        screen.close()
        switch ending {
        case .stopped:
            print("ended: stopped")
            exit(0)
        case .inputClosed:
            print("ended: input closed")
            exit(3)
        case .signal(let signal):
            print("ended: signal \(signal)")
            fflush(nil)
            TerminalRestore.exit(afterSignal: signal)
        }
    }
}
