/// A colour as a theme names it: the terminal's default, or an index into the
/// 256-colour palette (0–7 standard, 8–15 bright, 16–231 cube, 232–255 greys).
public enum ThemeColor: Hashable, Sendable {
    case `default`
    case indexed(Int)

    /// The colour names a theme file may use; `bright-` names are indices 8–15.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, a colour name, `bright-<name>`, or a number 0–255.
    public init?(name: String) {
        if name == "default" {
            self = .default
        } else if let index = Self.names.firstIndex(of: name) {
            self = .indexed(index)
        } else if name.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(name.dropFirst(7))) {
            self = .indexed(index + 8)
        } else if name.allSatisfy(\.isASCII), let number = Int(name), (0...255).contains(number) {
            self = .indexed(number)
        } else {
            return nil
        }
    }

    /// This colour as the nearest one a terminal with `depth` can show, or nil for
    /// the terminal's default (which is also what "no colour" comes down to).
    public func index(for depth: ColorDepth) -> Int? {
        guard case .indexed(let index) = self else { return nil }
        switch depth {
        case .none: return nil
        case .full: return index
        case .sixteen: return index < 16 ? index : Self.nearestOfSixteen(index)
        case .eight: return index < 16 ? index % 8 : Self.nearestOfEight(index)
        }
    }

    /// The palette entry's red, green and blue, as xterm defines them.
    static func rgb(_ index: Int) -> (red: Int, green: Int, blue: Int) {
        switch index {
        case 0..<16:
            let table = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
                         (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
                         (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
            return table[index]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let cube = index - 16
            return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
        default:
            let grey = 8 + 10 * (index - 232)
            return (grey, grey, grey)
        }
    }

    /// Nearest of the 8 basic colours by hue rather than by distance: a strong blue
    /// must stay blue even when a cyan is numerically closer, and greys go to black
    /// or white by lightness.
    static func nearestOfEight(_ index: Int) -> Int {
        let (r, g, b) = rgb(index)
        let high = max(r, g, b), low = min(r, g, b)
        if high - low < 40 { return high < 80 ? 0 : 7 }
        let chroma = Double(high - low)
        var hue: Double
        if high == r {
            hue = 60 * (Double(g - b) / chroma)
        } else if high == g {
            hue = 60 * (Double(b - r) / chroma) + 120
        } else {
            hue = 60 * (Double(r - g) / chroma) + 240
        }
        if hue < 0 { hue += 360 }
        // Cyan gets a narrow sector: the cube's many sky and azure blues read as blue.
        switch hue {
        case 30..<90: return 3
        case 90..<165: return 2
        case 165..<195: return 6
        case 195..<270: return 4
        case 270..<330: return 5
        default: return 1
        }
    }

    static func nearestOfSixteen(_ index: Int) -> Int {
        let (r, g, b) = rgb(index)
        return (0..<16).min { first, second in
            distance(rgb(first), (r, g, b)) < distance(rgb(second), (r, g, b))
        } ?? 7
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
