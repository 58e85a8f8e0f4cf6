import Foundation

/// JSON for the commands' `--json` output: objects with their keys sorted, two spaces a
/// level. Written here because Foundation's `JSONSerialization` on Linux bridges every
/// value to an `NSObject` and sorts keys through ICU collation: `rapport report --format
/// json` on a book of 100,000 accounts (20,000 at risk) took a minute in it.
enum JSONText {
    /// `value` built of dictionaries with string keys, arrays, strings, integers,
    /// doubles, booleans and `NSNull`.
    static func string(_ value: Any) -> String {
        var out: [UInt8] = []
        write(value, indent: 0, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Any, indent: Int, to out: inout [UInt8]) {
        // Containers first: a failed cast of a dictionary or an array to a class type
        // (`NSNull`) or to a bridged value bridges the whole container to Foundation's
        // classes, which made the writer as slow as what it replaced.
        switch value {
        case let object as [String: Any]:
            guard !object.isEmpty else { out += "{}".utf8; return }
            out += "{\n".utf8
            for (i, key) in object.keys.sorted().enumerated() {
                out += repeatElement(0x20, count: indent + 2)
                writeString(key, to: &out)
                out += ": ".utf8
                write(object[key]!, indent: indent + 2, to: &out)
                out += (i + 1 < object.count ? ",\n" : "\n").utf8
            }
            out += repeatElement(0x20, count: indent)
            out.append(UInt8(ascii: "}"))
        case let list as [Any]:
            guard !list.isEmpty else { out += "[]".utf8; return }
            out += "[\n".utf8
            for (i, item) in list.enumerated() {
                out += repeatElement(0x20, count: indent + 2)
                write(item, indent: indent + 2, to: &out)
                out += (i + 1 < list.count ? ",\n" : "\n").utf8
            }
            out += repeatElement(0x20, count: indent)
            out.append(UInt8(ascii: "]"))
        case let text as String:
            writeString(text, to: &out)
        case let flag as Bool:
            out += (flag ? "true" : "false").utf8
        case let number as Int:
            out += String(number).utf8
        case let number as Int64:
            out += String(number).utf8
        case let number as Double:
            out += (number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)") : "null").utf8
        case is NSNull:
            out += "null".utf8
        default:
            preconditionFailure("no JSON for a \(type(of: value))")
        }
    }

    /// A string with `"`, `\` and every control character escaped; all else as it is,
    /// byte for byte (a byte of 0x80 or more is never one of those).
    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F {
                out += UnsafeBufferPointer(rebasing: bytes[run..<i])
                switch b {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                default:
                    let hex = String(b, radix: 16)
                    out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                }
                run = i + 1
            }
            out += UnsafeBufferPointer(rebasing: bytes[run...])
        }
        out.append(0x22)
    }
}
