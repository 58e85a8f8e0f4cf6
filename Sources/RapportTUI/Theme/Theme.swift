/// Colours and attributes for every `StyleRole`, read from a theme file.
///
/// A theme is written for the best terminal (256 colours) and resolved down at draw
/// time: to the nearest of 16 or 8 colours, or to attributes only when there is no
/// colour or `NO_COLOR` is set. Roles a theme leaves out fall back to attributes
/// that keep them recognisable.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [StyleRole: ThemeStyle]

    public init(name: String, styles: [StyleRole: ThemeStyle]) {
        self.name = name
        self.styles = styles
    }

    /// The theme's entry for `role`, or the role's baseline attributes when it has none.
    public func style(for role: StyleRole) -> ThemeStyle {
        styles[role] ?? ThemeStyle(attributes: role.baselineAttributes)
    }

    /// What to send the terminal for `style` at `depth`.
    public func resolve(_ style: Style, depth: ColorDepth) -> ResolvedStyle {
        let entry = self.style(for: style.role)
        var attributes = entry.attributes.union(style.attributes)
        if depth == .none {
            // Without colour, roles shown by a background must still stand out.
            attributes.formUnion(style.role.baselineAttributes.intersection(.reverse))
            return ResolvedStyle(attributes: attributes)
        }
        return ResolvedStyle(foreground: entry.foreground.index(for: depth),
                             background: entry.background.index(for: depth),
                             attributes: attributes)
    }

    /// The built-in theme used when no theme file can be found.
    public static var fallback: Theme {
        // The embedded default is tested to parse, so this cannot fail.
        (try? ThemeParser.parse(BuiltinThemes.source(named: "default") ?? "", file: "default.theme"))
            ?? Theme(name: "default", styles: [:])
    }
}
