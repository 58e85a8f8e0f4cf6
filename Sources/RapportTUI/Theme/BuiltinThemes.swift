/// The four themes shipped in `Themes/`, compiled in so the binary still has its
/// themes when that folder is not installed beside it. A test keeps each constant
/// byte-for-byte equal to its file; edit the file, then copy it here.
public enum BuiltinThemes {
    /// Built-in theme names, in the order they are offered.
    public static let names = ["default", "light", "high-contrast", "mono"]

    /// The source text of a built-in theme, or nil for an unknown name.
    public static func source(named name: String) -> String? {
        switch name {
        case "default": defaultTheme
        case "light": lightTheme
        case "high-contrast": highContrastTheme
        case "mono": monoTheme
        default: nil
        }
    }

    static let defaultTheme = #"""
    # Rapport default theme: 256 colours over the terminal's own background.
    #
    # role = FOREGROUND on BACKGROUND, attributes
    # Colours: default, black red green yellow blue magenta cyan white, bright-NAME, 0-255.
    # Attributes: bold dim underline reverse italic.
    # On an 8- or 16-colour terminal each colour becomes its nearest basic colour;
    # with NO_COLOR or no colour at all, only the attributes are used.
    # The selected row is always drawn in reverse video: "selection = 75" gives a
    # bar of colour 75 with text in the background colour.

    normal         = default
    muted          = 245
    border         = 240
    border-focused = 75, bold
    title          = 75, bold
    header         = 250, bold, underline
    selection      = 75, bold
    status-line    = 252 on 237
    key            = 222, bold
    input          = default on 236
    input-focused  = 231 on 238, underline
    error          = 203, bold

    severity-1     = 231 on 160, bold
    severity-2     = 203, bold
    severity-3     = 214
    severity-4     = 110

    health-good    = 114
    health-fair    = 221
    health-poor    = 203, bold

    overdue        = 209, bold
    warning        = 221
    flag           = 231 on 124, bold

    """#

    static let lightTheme = #"""
    # Rapport light theme: 256 colours for a light terminal background.
    # Format as in default.theme. The selected row is drawn in reverse video.

    normal         = default
    muted          = 244
    border         = 248
    border-focused = 25, bold
    title          = 25, bold
    header         = 238, bold, underline
    selection      = 25, bold
    status-line    = 235 on 252
    key            = 130, bold
    input          = default on 254
    input-focused  = 16 on 253, underline
    error          = 160, bold

    severity-1     = 231 on 160, bold
    severity-2     = 160, bold
    severity-3     = 130
    severity-4     = 25

    health-good    = 28
    health-fair    = 136
    health-poor    = 160, bold

    overdue        = 166, bold
    warning        = 136
    flag           = 231 on 124, bold

    """#

    static let highContrastTheme = #"""
    # Rapport high-contrast theme: the 16 basic colours on black, bold where it helps.
    # Format as in default.theme. The selected row is drawn in reverse video.

    normal         = bright-white on black
    muted          = white on black
    border         = white on black
    border-focused = bright-yellow on black, bold
    title          = bright-yellow on black, bold
    header         = bright-white on black, bold, underline
    selection      = bright-yellow on black, bold
    status-line    = black on bright-white
    key            = bright-cyan on black, bold
    input          = bright-white on blue
    input-focused  = bright-white on blue, bold, underline
    error          = bright-red on black, bold

    severity-1     = bright-white on red, bold
    severity-2     = bright-red on black, bold
    severity-3     = bright-yellow on black, bold
    severity-4     = bright-cyan on black

    health-good    = bright-green on black, bold
    health-fair    = bright-yellow on black, bold
    health-poor    = bright-red on black, bold

    overdue        = bright-red on black, bold, underline
    warning        = bright-yellow on black, bold
    flag           = bright-white on red, bold

    """#

    static let monoTheme = #"""
    # Rapport monochrome theme: attributes only, for terminals without colour or
    # for anyone who prefers none. Meaning never rests on colour: flags carry words,
    # gauges print their number, the selected row is reverse video.

    normal         = default
    muted          = dim
    border         = default
    border-focused = bold
    title          = bold
    header         = bold, underline
    selection      = reverse
    status-line    = reverse
    key            = bold
    input          = underline
    input-focused  = bold, underline
    error          = bold

    severity-1     = bold, reverse
    severity-2     = bold
    severity-3     = underline
    severity-4     = default

    health-good    = default
    health-fair    = underline
    health-poor    = bold

    overdue        = bold
    warning        = underline
    flag           = bold, reverse

    """#
}
